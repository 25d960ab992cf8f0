namespace CodRocket.Stock.Notifications;

/// <summary>
/// The addresses of the app's pages that messages link to, absolute (an e-mail is read outside the app). The domain
/// says which page it means; the web project, which owns the routes, builds the address from its page names and the
/// configured public base URL (App:PublicBaseUrl): delivery jobs run with no request to take a host from.
/// </summary>
public interface IAppLinks
{
    /// <summary>The list of open stock alerts.</summary>
    string Alerts();

    /// <summary>A product's page (stock, settings, forecast).</summary>
    string Product(Guid productId);

    /// <summary>Where an invited member chooses a password, with Identity's password-reset <paramref name="token"/>.</summary>
    string AcceptInvitation(Guid userId, string token);

    /// <summary>The stock report, sorted by days of stock left (what runs out first).</summary>
    string StockReport();

    /// <summary>The page that turns off a member's stock-alert e-mail, with a signed <paramref name="token"/> (see <see cref="UnsubscribeTokens"/>).</summary>
    string Unsubscribe(string token);

    /// <summary>Where a new owner confirms their address, with Identity's e-mail confirmation <paramref name="token"/>.</summary>
    string ConfirmEmail(Guid userId, string token);

    /// <summary>Settings → API keys.</summary>
    string ApiKeys();

    /// <summary>Settings → Webhooks.</summary>
    string Webhooks();
}
