using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Account;

/// <summary>
/// The one-click unsubscribe link of alert e-mails (and their List-Unsubscribe header): turns off that member's
/// stock-alert e-mail, nothing else — not their SMS, not other members. It works without signing in: the signed token
/// says who. Opening the link only shows a button (mail scanners open links); the POST does it, from the button or
/// straight from the mail app (RFC 8058 one-click: a POST with <c>List-Unsubscribe=One-Click</c> and no form token, so
/// this page does not ask for one — the token in the address is what only the recipient has).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(IServiceScopeFactory scopes, UnsubscribeTokens tokens) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Null: not done yet (the button); true: turned off; false: the link is not valid.</summary>
    public bool? Done { get; private set; }
    public string? Email { get; private set; }
    public string? StoreName { get; private set; }

    public async Task OnGetAsync() => Done = await InScopeAsync(change: false) ? null : false;

    public async Task<IActionResult> OnPostAsync()
    {
        Done = await InScopeAsync(change: true);
        return Page();
    }

    /// <summary>In a scope acting for the token's store (the browser may be signed in to another store, or not at all).</summary>
    private async Task<bool> InScopeAsync(bool change)
    {
        if (!tokens.TryRead(Token, out var storeId, out var memberId))
        {
            return false;
        }
        var ct = HttpContext.RequestAborted;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(storeId, null);
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId && u.RemovedAt == null, ct);
        if (member is null)
        {
            return false;
        }
        (Email, StoreName) = (member.Email, await db.Tenants.Where(t => t.Id == storeId).Select(t => t.Name).SingleAsync(ct));
        if (change)
        {
            member.StopStockAlertEmail();
            await db.SaveChangesAsync(ct);
        }
        return true;
    }
}
