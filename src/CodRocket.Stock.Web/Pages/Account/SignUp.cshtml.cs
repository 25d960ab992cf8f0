using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Pages.Account;

[EnableRateLimiting(AccountRateLimiting.SignUp)]
public sealed class SignUpModel(
    StoreRegistration registration,
    StockDbContext db,
    INotificationDispatcher dispatcher,
    TimeProvider clock,
    SignInManager<StoreUser> signIn,
    IStringLocalizer<SharedResource> localizer,
    IOptions<OrderOptions> orders) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The first visit lets the browser pick its zone; a form shown again keeps the one posted.</summary>
    public bool GuessTimeZone { get; private set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToPage("/Index");
        }
        // A guess the person corrects: the region of the browser's first language (fr-FR → France), else the app's default.
        var preferred = HttpContext.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        Input.Country = Countries.OfLanguageTag(preferred?.Value.Value) ?? orders.Value.DefaultPhoneRegion;
        // Without JavaScript the country's zone stays; with it, wwwroot/js/time-zone.js picks the browser's.
        Input.TimeZone = TimeZones.OfCountry(Input.Country);
        GuessTimeZone = true;
        Input.Language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToPage("/Index");
        }
        if (Input.Country is not null && !Countries.IsSupported(Input.Country))
        {
            ModelState.AddModelError("Input.Country", localizer["Choose a country from the list."]);
        }
        if (Input.TimeZone is not null && !TimeZones.IsSupported(Input.TimeZone))
        {
            ModelState.AddModelError("Input.TimeZone", localizer["Choose a time zone from the list."]);
        }
        if (Input.Language is not null && !Languages.IsSupported(Input.Language))
        {
            ModelState.AddModelError("Input.Language", localizer["Choose a language from the list."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var registered = await registration.RegisterAsync(
            Input.StoreName, Input.FullName, Input.Email, Input.Password, HttpContext.RequestAborted,
            country: Input.Country, language: Input.Language, timeZone: Input.TimeZone);
        if (!registered.Succeeded)
        {
            foreach (var error in registered.Errors)
            {
                var field = error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Input.Password) : nameof(Input.Email);
                var message = error.Code is "DuplicateEmail" or "DuplicateUserName"
                    ? localizer["An account already uses this email. Sign in instead."]
                    : error.Description;
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
            return Page();
        }

        // The owner confirms the address by a link before any alert e-mail goes there (someone else's address, maybe).
        db.Notifications.Add(new Notification(
            NotificationKind.Confirmation, NotificationChannel.Email, registered.Owner.Id, registered.Owner.Email!, clock.GetUtcNow()));
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        dispatcher.Dispatch(registered.Store.Id);
        await signIn.SignInAsync(registered.Owner, isPersistent: false);
        // The next page is in the store's language (the owner's choice here), so is its welcome.
        TempData["Status"] = Languages.In(Languages.Culture(registered.Store.Language),
            () => localizer["Welcome to CodRocket Stock! The checklist on the dashboard walks you through your first steps."].Value);
        return RedirectToPage("/Index");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your store's name.")]
        [StringLength(Tenant.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Store name")]
        public string StoreName { get; set; } = "";

        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(StoreUser.FullNameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Your name")]
        public string FullName { get; set; } = "";

        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(StoreUser.EmailMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        // The page always sends one; a post without it keeps the store's (or, at sign-up, the app's default).
        [Display(Name = "Country")]
        public string? Country { get; set; }

        // Posted by the page; a post without them takes the country's zone and the page's language.
        [Display(Name = "Time zone")]
        public string? TimeZone { get; set; }

        [Display(Name = "Language")]
        public string? Language { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(128, MinimumLength = 8, ErrorMessage = "A password has at least {2} characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }
}
