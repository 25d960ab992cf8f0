using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CodRocket.Stock.Web.Pages.Account;

/// <summary>Signing out ends the account's sessions on the server (see <see cref="SessionSignOut"/>), on every device.</summary>
public sealed class SignOutModel(SessionSignOut signOut) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signOut.SignOutAsync(HttpContext);
        return RedirectToPage("/Account/SignIn");
    }

    /// <summary>Settings → "Sign out everywhere": the same server-side end of every session, asked for explicitly.</summary>
    public Task<IActionResult> OnPostEverywhereAsync() => OnPostAsync();
}
