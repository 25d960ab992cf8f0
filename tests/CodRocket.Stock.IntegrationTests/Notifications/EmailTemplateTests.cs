using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>The Razor e-mail templates: what the text body says, in each language, and what rendering costs.</summary>
public class EmailTemplateTests(StockApp app)
{
    private static readonly AlertLine Line = new(Guid.NewGuid(), Guid.NewGuid(), "CHG-30W", "Chargeur 30 W", "CAS", "Casablanca",
        AlertLevel.Low, 10, 6, 2.5m, "https://stock.test/inventory/products/1");

    [Fact]
    public async Task An_alert_text_body_reads_as_plain_text_with_its_links()
    {
        var body = await Render(new AlertEmailContent("Souk", "Low stock", [Line], 0, "https://stock.test/inventory/alerts", "https://stock.test/inventory/alerts")
        {
            UnsubscribeUrl = "https://stock.test/account/unsubscribe?token=abc",
        }, "en");

        body.Text.Should().Be("""
            Souk: a product reached its Low Stock Alert.

            - Low stock: Chargeur 30 W (SKU CHG-30W), CAS (Casablanca): 6 available, alert at 10 or below (2 days left)
              https://stock.test/inventory/products/1

            All alerts: https://stock.test/inventory/alerts

            Turn off stock-alert e-mails: https://stock.test/account/unsubscribe?token=abc

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        body.Html.Should().Contain("<html lang=\"en\">").And.Contain("Chargeur 30 W").And.Contain("href=\"https://stock.test/account/unsubscribe?token=abc\"");
    }

    [Fact]
    public async Task The_same_content_renders_in_french_for_a_french_reader()
    {
        var body = await Render(new LinkEmailContent("Souk Électro", "Test", "Bonjour,", "Un paragraphe.", "https://stock.test/x", "Ouvrir", null), "fr");

        body.Html.Should().Contain("<html lang=\"fr\">").And.Contain("Souk Électro", "letters stay letters, not entities");
        body.Text.Should().Be("Bonjour,\n\nUn paragraphe.\n\nhttps://stock.test/x\n");
    }

    [Fact]
    public async Task Rendering_a_body_costs_well_under_a_millisecond_once_warm()
    {
        var lines = Enumerable.Range(0, 50).Select(i => Line with { Sku = $"SKU-{i}" }).ToList();
        var content = new AlertEmailContent("Souk", "Digest", lines, 270, "https://stock.test/a", "https://stock.test/a");
        await Render(content, "en");

        var clock = Stopwatch.StartNew();
        const int Renders = 50;
        for (var i = 0; i < Renders; i++)
        {
            await Render(content, "en");
        }
        var each = clock.Elapsed.TotalMilliseconds / Renders;
        TestContext.Current.TestOutputHelper?.WriteLine($"50-product digest, HTML + text: {each:F2} ms a render");
        each.Should().BeLessThan(25, "a generous bound for a busy test machine; a digest is rendered once per content and language");
    }

    private Task<EmailBody> Render(EmailContent content, string culture) =>
        app.Services.GetRequiredService<IEmailTemplates>().RenderAsync(content, CultureInfo.GetCultureInfo(culture));
}
