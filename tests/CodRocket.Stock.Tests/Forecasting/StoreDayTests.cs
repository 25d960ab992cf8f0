using CodRocket.Stock.Forecasting;

namespace CodRocket.Stock.Tests.Forecasting;

public class StoreDayTests
{
    [Fact]
    public void A_sale_late_in_the_utc_evening_belongs_to_the_next_day_in_tokyo()
    {
        var instant = new DateTimeOffset(2026, 11, 28, 15, 30, 0, TimeSpan.Zero);

        StoreDay.Of(instant, "Asia/Tokyo").Should().Be(new DateOnly(2026, 11, 29));
        StoreDay.Of(instant, "UTC").Should().Be(new DateOnly(2026, 11, 28));
    }

    [Fact]
    public void A_sale_early_in_the_utc_morning_belongs_to_the_previous_day_in_new_york()
    {
        StoreDay.Of(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero), "America/New_York").Should().Be(new DateOnly(2026, 11, 27));
    }

    [Fact]
    public void The_day_starts_at_local_midnight_even_across_a_daylight_saving_change()
    {
        var zone = StoreDay.Zone("America/New_York");

        StoreDay.Start(new DateOnly(2026, 3, 8), zone).Should().Be(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero));
        StoreDay.Start(new DateOnly(2026, 3, 9), zone).Should().Be(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero));
        StoreDay.Of(new DateTimeOffset(2026, 3, 9, 3, 59, 0, TimeSpan.Zero), zone).Should().Be(new DateOnly(2026, 3, 8));
    }

    [Fact]
    public void An_unknown_time_zone_counts_in_utc()
    {
        StoreDay.Of(new DateTimeOffset(2026, 11, 28, 23, 0, 0, TimeSpan.Zero), "Not/AZone").Should().Be(new DateOnly(2026, 11, 28));
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_by_daylight_saving_starts_at_its_first_real_instant()
    {
        // Santiago moves its clocks from 00:00 to 01:00 on the first Sunday of September.
        var zone = StoreDay.Zone("America/Santiago");

        StoreDay.Start(new DateOnly(2026, 9, 6), zone).Should().Be(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero));
    }
}
