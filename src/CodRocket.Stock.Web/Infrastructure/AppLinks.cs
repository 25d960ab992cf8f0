using CodRocket.Stock.Notifications;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// The app's pages as e-mails link to them, built from the page names (as <c>asp-page</c> does) on the configured
/// public base URL, not on a request: delivery jobs run with none, and a request's Host header is the client's to
/// choose. A page that moves changes its links here by itself.
/// </summary>
public sealed class AppLinks(LinkGenerator links, IOptions<AppOptions> options) : IAppLinks
{
    /// <summary>Where <c>dotnet run</c> listens (launchSettings.json), when App:PublicBaseUrl is not set.</summary>
    public const string DefaultBaseUrl = "http://localhost:5080";

    private static readonly Uri Fallback = new(DefaultBaseUrl);

    private readonly Uri _base = options.Value.PublicBaseUrl is { } url ? new Uri(url) : Fallback;

    // Authority leaves out a default port (https://host, not https://host:443), as the configured address does.
    private HostString Host => new(_base.Authority);

    // A base with a path (https://example.com/stock/) keeps it in front of every page's path.
    private PathString PathBase => PathString.FromUriComponent(_base.AbsolutePath.TrimEnd('/'));

    public string Alerts() => Page("/Inventory/Alerts/Index");

    public string Product(Guid productId) => Page("/Inventory/Products/Details", new { id = productId });

    public string StockReport() => Page("/Reports/Index");

    public string ApiKeys() => Page("/Settings/ApiKeys");

    public string Webhooks() => Page("/Settings/Webhooks/Index");

    public string Unsubscribe(string token) => Page("/Account/Unsubscribe", new { token });

    public string AcceptInvitation(Guid userId, string token) => Page("/Account/AcceptInvitation", new { user = userId, token });

    public string ConfirmEmail(Guid userId, string token) => Page("/Account/ConfirmEmail", new { user = userId, token });

    private string Page(string page, object? values = null) =>
        links.GetUriByPage(page, handler: null, values, _base.Scheme, Host, PathBase)
        ?? throw new InvalidOperationException($"No route to the page {page}.");
}
