using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Account;

/// <summary>An invited team member chooses a password (the link carries a 3-day password-set token).</summary>
public sealed class AcceptInvitationModel(
    StockDbContext db,
    UserManager<StoreUser> users,
    SignInManager<StoreUser> signIn,
    ITenantContext tenant,
    TimeProvider clock,
    ActivityLog activity,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public StoreUser? Invitee { get; private set; }
    public string? StoreName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is not { } invitee)
        {
            return Page();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var reset = await users.ResetPasswordAsync(invitee, Token ?? "", Input.Password);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.Password", error.Code == "InvalidToken"
                    ? localizer["This invitation link has expired or was already used. Ask your store's owner to send a new one."]
                    : error.Description);
            }
            return Page();
        }
        activity.Record(ActivityKind.MemberJoined, $"{invitee.FullName} ({invitee.Email})", invitee.Role.ToString(), actor: invitee);
        invitee.MarkJoined(clock.GetUtcNow());
        // The invitation went to this address: accepting it confirms the address.
        invitee.ConfirmEmail();
        await users.UpdateAsync(invitee);
        await signIn.SignInAsync(invitee, isPersistent: false);
        TempData["Status"] = localizer["Welcome to {0}!", StoreName!].Value;
        return RedirectToPage("/Index");
    }

    /// <summary>
    /// The invited member, found across stores (nobody is signed in yet), when the token is valid; their store becomes
    /// the tenant.
    /// </summary>
    private async Task<StoreUser?> LoadAsync()
    {
        if (UserId is not { } id || string.IsNullOrEmpty(Token))
        {
            return null;
        }
        Guid? storeId;
        using (tenant.CrossStore("an invitation link finds its store"))
        {
            storeId = await db.Users.IgnoreQueryFilters([StockDbContext.TenantFilter])
                .Where(u => u.Id == id && u.RemovedAt == null && u.JoinedAt == null)
                .Select(u => (Guid?)u.TenantId)
                .SingleOrDefaultAsync(HttpContext.RequestAborted);
        }
        if (storeId is not { } store || (tenant.TenantId is { } current && current != store))
        {
            return null;
        }
        tenant.Set(store, null);
        var invitee = await db.Users.SingleAsync(u => u.Id == id, HttpContext.RequestAborted);
        // Nothing about the store or the address without the link's valid token: a guessed or stale link shows nothing.
        if (!await users.VerifyUserTokenAsync(
                invitee, users.Options.Tokens.PasswordResetTokenProvider, UserManager<StoreUser>.ResetPasswordTokenPurpose, Token))
        {
            return null;
        }
        Invitee = invitee;
        StoreName = (await db.CurrentTenantAsync(HttpContext.RequestAborted)).Name;
        return Invitee;
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(128, MinimumLength = 8, ErrorMessage = "A password has at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string? ConfirmPassword { get; set; }
    }
}
