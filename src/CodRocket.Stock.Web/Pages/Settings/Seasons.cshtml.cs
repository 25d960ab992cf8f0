using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>Store seasons: a date range and a factor that suggested thresholds made inside it multiply by.</summary>
public sealed class SeasonsModel(StockDbContext db, StockForecasts forecasts, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SeasonalPeriod> Seasons { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (ModelState.IsValid)
        {
            var (start, end) = (Input.StartsOn!.Value, Input.EndsOn!.Value);
            if (end < start)
            {
                ModelState.AddModelError("Input.EndsOn", localizer["The season ends on or after its first day."]);
            }
            else if (end.DayNumber - start.DayNumber >= SeasonalPeriod.MaxDays)
            {
                ModelState.AddModelError("Input.EndsOn", localizer["A season lasts at most {0} days.", SeasonalPeriod.MaxDays]);
            }
            else if (await db.SeasonalPeriods.Where(s => s.StartsOn <= end && s.EndsOn >= start).Select(s => s.Name).FirstOrDefaultAsync(ct) is { } clash)
            {
                ModelState.AddModelError("Input.StartsOn", localizer["These dates overlap the season {0}: a day has one season at most.", clash]);
            }
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        db.SeasonalPeriods.Add(new SeasonalPeriod(Input.Name, Input.StartsOn!.Value, Input.EndsOn!.Value, Input.Factor!.Value));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException
            && e.GetBaseException() is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ExclusionViolation or Npgsql.PostgresErrorCodes.DeadlockDetected })
        {
            // Another request added an overlapping season since the check above: the database's exclusion constraint held.
            // Two overlapping inserts at once can also deadlock on it (each waits for the other's check); PostgreSQL
            // aborts one, and EF reports that as a transient failure: that request lost the same race.
            ModelState.AddModelError("Input.StartsOn", localizer["These dates overlap another season: a day has one season at most."]);
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }
        TempData["Status"] = localizer["Season {0} added.", Input.Name.Trim()].Value;
        return RedirectToPage("/Settings/Seasons");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        // Through the DbSet, so another store's id matches nothing.
        var deleted = await db.SeasonalPeriods.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        TempData[deleted > 0 ? "Status" : "Error"] = (deleted > 0 ? localizer["Season removed."] : localizer["That season no longer exists."]).Value;
        return RedirectToPage("/Settings/Seasons");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = (await forecasts.CalendarAsync(ct)).Today;
        Seasons = await db.SeasonalPeriods.AsNoTracking().OrderByDescending(s => s.StartsOn).ToListAsync(ct);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Name the season (\"Ramadan\", \"Summer sales\").")]
        [StringLength(SeasonalPeriod.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Season")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the first day.")]
        [Display(Name = "From")]
        public DateOnly? StartsOn { get; set; }

        [Required(ErrorMessage = "Enter the last day.")]
        [Display(Name = "To")]
        public DateOnly? EndsOn { get; set; }

        [Required(ErrorMessage = "Enter a factor (1.5 for half as much again).")]
        [Range(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor, ErrorMessage = "{0} is between {1} and {2}.")]
        [MaxDecimals(StockLimits.SeasonalFactorDecimals, ErrorMessage = "{0} has at most 3 decimals.")]
        [Display(Name = "Factor")]
        public decimal? Factor { get; set; } = 1.5m;
    }
}
