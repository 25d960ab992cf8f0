using CodRocket.Stock.Catalog;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodRocket.Stock.Forecasting;

/// <summary>
/// A store-wide season ("× 1.5 from 1 to 30 Ramadan"): suggestions made on a day inside it multiply by its factor,
/// on top of the product's own seasonal factor. Periods of one store do not overlap.
/// </summary>
public sealed class SeasonalPeriod : ITenantOwned
{
    public const int NameMaxLength = 80;
    public const int MaxDays = 366;

    private SeasonalPeriod() { }

    public SeasonalPeriod(string name, DateOnly startsOn, DateOnly endsOn, decimal factor)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > NameMaxLength)
        {
            throw new ArgumentException($"A season's name has 1 to {NameMaxLength} characters.", nameof(name));
        }
        if (endsOn < startsOn || endsOn.DayNumber - startsOn.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(endsOn), endsOn, "A season ends on or after its start, within a year.");
        }
        if (factor is < (decimal)StockLimits.MinSeasonalFactor or > (decimal)StockLimits.MaxSeasonalFactor)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The seasonal factor is 0.1 to 10.");
        }
        // numeric(6,3) would round a fourth decimal away without a word (9.9999 became 10): refused, like the product's factor.
        if (!StockLimits.FitsDecimals(factor, StockLimits.SeasonalFactorDecimals))
        {
            throw new ArgumentException($"A seasonal factor has at most {StockLimits.SeasonalFactorDecimals} decimals.", nameof(factor));
        }
        Id = Guid.CreateVersion7();
        Name = trimmed;
        StartsOn = startsOn;
        EndsOn = endsOn;
        Factor = factor;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    // Stryker disable once String : the constructor sets it; the initial value only satisfies the compiler for EF.
    public string Name { get; private set; } = "";
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    public decimal Factor { get; private set; }

    public bool Contains(DateOnly day) => day >= StartsOn && day <= EndsOn;

    public bool Overlaps(DateOnly startsOn, DateOnly endsOn) => startsOn <= EndsOn && endsOn >= StartsOn;
}

// Stryker disable all : EF mapping, proven against PostgreSQL by the migrations check and the integration tests.
internal sealed class SeasonalPeriodConfiguration : IEntityTypeConfiguration<SeasonalPeriod>
{
    public void Configure(EntityTypeBuilder<SeasonalPeriod> builder)
    {
        builder.ToTable("seasonal_periods");
        builder.HasKey(s => new { s.TenantId, s.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.TenantId, s.StartsOn });
        builder.Property(s => s.Name).HasMaxLength(SeasonalPeriod.NameMaxLength);
        builder.Property(s => s.Factor).HasPrecision(6, 3);
    }
}
