using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Account;

[EnableRateLimiting(AccountRateLimiting.SignIn)]
public sealed class SignInModel(PasswordSignIn passwordSignIn, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? RedirectToPage("/Index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // The account is found and checked outside this request's store (someone may be signed in here already).
        var result = await passwordSignIn.SignInAsync(HttpContext, Input.Email, Input.Password, Input.RememberMe);
        if (result.Succeeded)
        {
            return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage("/Index");
        }
        // One answer for a wrong password, an unknown e-mail and a locked account: telling "locked" apart would say
        // that the address has an account (only real accounts lock).
        ModelState.AddModelError(string.Empty,
            localizer["Email or password is incorrect. After 5 failed attempts an account is locked for 15 minutes."]);
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }
}
