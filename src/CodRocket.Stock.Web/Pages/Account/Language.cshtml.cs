using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CodRocket.Stock.Web.Pages.Account;

/// <summary>
/// The layout's language switcher. A signed-in member's choice goes to their profile (pages, e-mail and SMS follow
/// it, on every device); everyone also gets the cookie, so the sign-in page keeps the language after signing out.
/// </summary>
public sealed class LanguageModel(SignInManager<StoreUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (!Languages.IsSupported(language))
        {
            return BadRequest();
        }
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language!)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        if (User.Identity?.IsAuthenticated == true && await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            user.ChooseLanguage(language);
            await signIn.UserManager.UpdateAsync(user);
            // The language is on the sign-in cookie: re-issue it.
            await signIn.RefreshSignInAsync(user);
        }
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("/Index");
    }
}
