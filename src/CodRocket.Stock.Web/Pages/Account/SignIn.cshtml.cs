using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Account;

public sealed class SignInModel(
    StockDbContext db,
    UserManager<StoreUser> users,
    SignInManager<StoreUser> signIn,
    ITenantContext tenant,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Sign-in happens before any store is known: find the account's store across all stores, then let
        // Identity work inside it (its lookups and lockout writes go through the tenant-filtered context).
        var normalizedEmail = users.NormalizeEmail(Input.Email.Trim());
        var storeId = await db.Users.IgnoreQueryFilters([StockDbContext.TenantFilter])
            .Where(u => u.NormalizedEmail == normalizedEmail)
            .Select(u => (Guid?)u.TenantId)
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (storeId is { } id && tenant.TenantId is null)
        {
            tenant.Set(id, null);
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? localizer["This account is locked after too many failed attempts. Try again in 15 minutes."]
            : localizer["Email or password is incorrect."]);
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
