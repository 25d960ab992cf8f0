using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Pages.Settings;

public sealed class IndexModel(
    StockDbContext db, StockWorkFactory stockWork, SignInManager<StoreUser> signIn, IStringLocalizer<SharedResource> localizer,
    IOptions<OrderOptions> orders, ActivityLog activity) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task OnGetAsync()
    {
        var store = await db.CurrentTenantAsync(HttpContext.RequestAborted);
        Input = new InputModel
        {
            Name = store.Name,
            DefaultLowStockThreshold = store.DefaultLowStockThreshold,
            DefaultOutOfStockPolicy = store.DefaultOutOfStockPolicy,
            VelocityWindowDays = store.VelocityWindowDays,
            TimeZone = store.TimeZone,
            Language = store.Language,
            Country = store.Country ?? orders.Value.DefaultPhoneRegion,
            Currency = store.Currency,
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Input.TimeZone is not null && !TimeZones.IsSupported(Input.TimeZone))
        {
            ModelState.AddModelError("Input.TimeZone", localizer["Choose a time zone from the list."]);
        }
        if (Input.Language is not null && !Languages.IsSupported(Input.Language))
        {
            ModelState.AddModelError("Input.Language", localizer["Choose a language from the list."]);
        }
        if (Input.Country is not null && !Countries.IsSupported(Input.Country))
        {
            ModelState.AddModelError("Input.Country", localizer["Choose a country from the list."]);
        }
        if (Input.Currency is not null && !Currencies.IsSupported(Input.Currency))
        {
            ModelState.AddModelError("Input.Currency", localizer["Choose a currency from the list."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var store = await db.CurrentTenantAsync(ct);
        var settings = new StoreSettings(
            Input.Name, Input.DefaultLowStockThreshold, Input.DefaultOutOfStockPolicy!.Value,
            Input.VelocityWindowDays!.Value, Input.TimeZone!, Input.Language!, Input.Country, Input.Currency);
        // The default threshold is the Low Stock Alert of every product without one: re-evaluate those at once.
        var affected = store.DefaultLowStockThreshold == settings.DefaultLowStockThreshold
            ? []
            : await db.Products.Where(p => p.LowStockThreshold == null).Select(p => p.Id).ToListAsync(ct);
        var changed = ChangedFields(store, settings);
        await using (var work = await stockWork.BeginAsync(affected, ct))
        {
            store.UpdateSettings(settings);
            if (changed.Count > 0)
            {
                activity.Record(ActivityKind.StoreSettingsChanged, store.Name, ActivityLog.Fields(changed));
            }
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }

        // The store name lives on the sign-in cookie (shown in the sidebar on every page).
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }
        TempData["Status"] = localizer["Store settings saved."].Value;
        return RedirectToPage("/Settings/Index");
    }

    /// <summary>The fields a save changes, by their labels on this page (Settings → Activity shows them translated).</summary>
    private static List<string> ChangedFields(Tenant store, StoreSettings next)
    {
        var fields = new List<(bool Changed, string Label)>
        {
            (store.Name != next.Name.Trim(), "Store name"),
            (store.DefaultLowStockThreshold != next.DefaultLowStockThreshold, "Default Low Stock Alert"),
            (store.DefaultOutOfStockPolicy != next.DefaultOutOfStockPolicy, "Default out-of-stock policy"),
            (store.VelocityWindowDays != next.VelocityWindowDays, "Sales velocity window"),
            (store.TimeZone != next.TimeZone, "Time zone"),
            (store.Language != next.Language, "Language"),
            (store.Country != next.Country, "Country"),
            (next.Currency is not null && store.Currency != next.Currency, "Currency"),
        };
        return fields.Where(f => f.Changed).Select(f => f.Label).ToList();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your store's name.")]
        [StringLength(Tenant.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Store name")]
        public string Name { get; set; } = "";

        [Range(0, StockLimits.MaxThreshold, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Default Low Stock Alert")]
        public int? DefaultLowStockThreshold { get; set; }

        [Required(ErrorMessage = "Choose a policy.")]
        [EnumDataType(typeof(OutOfStockPolicy), ErrorMessage = "Choose a policy.")]
        [Display(Name = "Default out-of-stock policy")]
        public OutOfStockPolicy? DefaultOutOfStockPolicy { get; set; }

        [Required(ErrorMessage = "Enter a number of days.")]
        [Range(Tenant.MinVelocityWindowDays, Tenant.MaxVelocityWindowDays, ErrorMessage = "{0} is from {1} to {2} days.")]
        [Display(Name = "Sales velocity window")]
        public int? VelocityWindowDays { get; set; }

        [Required(ErrorMessage = "Choose a time zone.")]
        [Display(Name = "Time zone")]
        public string? TimeZone { get; set; }

        [Required(ErrorMessage = "Choose a language.")]
        [Display(Name = "Language")]
        public string? Language { get; set; }

        // The page always sends one; a post without it keeps the store's (or, at sign-up, the app's default).
        [Display(Name = "Country")]
        public string? Country { get; set; }

        // As for the country: a post without it keeps the store's currency.
        [Display(Name = "Currency")]
        public string? Currency { get; set; }
    }
}
