using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CodRocket.Stock.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CodRocket.Stock.Web.Notifications;

/// <summary>
/// Renders e-mail bodies from the Razor components in this folder with ASP.NET Core's <see cref="HtmlRenderer"/>: an HTML
/// component (inside <see cref="EmailFrame"/>, the one layout) and a text component per kind of mail. Text components
/// render through the same renderer and are HTML-decoded (they contain no markup). Rendering costs about a tenth of a
/// millisecond a body once warm; the composer renders a digest once per content and language, not per recipient.
/// </summary>
public sealed class RazorEmailTemplates(IServiceScopeFactory scopes, ILoggerFactory loggers) : IEmailTemplates
{
    public async Task<EmailBody> RenderAsync(EmailContent content, CultureInfo culture) => content switch
    {
        AlertEmailContent alert => await RenderAsync<AlertEmail, AlertText>(alert, culture),
        LinkEmailContent link => await RenderAsync<LinkEmail, LinkText>(link, culture),
        MorningSummaryContent summary => await RenderAsync<MorningSummaryEmail, MorningSummaryText>(summary, culture),
        _ => throw new ArgumentOutOfRangeException(nameof(content), content.GetType().Name, "No template for this content."),
    };

    private async Task<EmailBody> RenderAsync<THtml, TText>(EmailContent content, CultureInfo culture)
        where THtml : IComponent where TText : IComponent
    {
        // A renderer per e-mail: it keeps every root component it rendered until it is disposed. Its services come from a
        // scope of its own (components use scoped services; from the root provider they fail where scopes are validated).
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new EmailServices(scope.ServiceProvider), loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            try
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Content"] = content });
                var html = (await renderer.RenderComponentAsync<THtml>(parameters)).ToHtmlString();
                var text = WebUtility.HtmlDecode((await renderer.RenderComponentAsync<TText>(parameters)).ToHtmlString());
                return new EmailBody(html, Tidy(text));
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            }
        });
    }

    /// <summary>The text template's layout whitespace: no trailing spaces, at most one blank line in a row, no leading blank lines.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        var result = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (line.Length == 0 && (result.Count == 0 || result[^1].Length == 0))
            {
                continue;
            }
            result.Add(line);
        }
        return string.Join('\n', result).TrimEnd() + "\n";
    }

    /// <summary>The app's services, with an HTML encoder that leaves letters as they are ("Électro", not "&amp;#xC9;lectro").</summary>
    private sealed class EmailServices(IServiceProvider inner) : IServiceProvider
    {
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? Encoder : inner.GetService(serviceType);
    }
}
