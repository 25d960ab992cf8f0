using System.ComponentModel.DataAnnotations;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Settings of the web host, from the "App" section (environment: App__Name).</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Apply pending migrations at startup. On in development; production runs <c>--migrate</c> once instead.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Create the demo store (and its sign-in) at startup when it does not exist yet.</summary>
    public bool SeedDemoData { get; set; }

    [Required, EmailAddress]
    public string DemoEmail { get; set; } = "demo@codrocket.test";

    [Required, MinLength(8)]
    public string DemoPassword { get; set; } = "Demo-stock-2026";

    /// <summary>The address pages and e-mails link to, e.g. https://stock.example.com.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }
}
