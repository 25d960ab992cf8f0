using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Tests.Tenancy;

public class TimeZonesTests
{
    [Theory]
    [InlineData("MA", "Africa/Casablanca")]
    [InlineData("FR", "Europe/Paris")]
    [InlineData("DZ", "Africa/Algiers")]
    [InlineData("ZZ", "UTC")]
    [InlineData(null, "UTC")]
    public void A_country_implies_its_first_zone_and_an_unknown_one_UTC(string? country, string zone) =>
        TimeZones.OfCountry(country).Should().Be(zone);

    [Fact]
    public void The_list_holds_the_zones_browsers_report_and_UTC_and_refuses_anything_else()
    {
        TimeZones.All.Should().Contain(["UTC", "Africa/Casablanca", "Europe/Paris", "America/Toronto"]).And.BeInAscendingOrder(StringComparer.Ordinal);
        TimeZones.IsSupported("Mars/Olympus_Mons").Should().BeFalse();
        TimeZones.IsSupported("europe/paris").Should().BeFalse("ids are matched exactly, as they are stored");
        TimeZones.IsSupported(null).Should().BeFalse();
    }

    [Fact]
    public void A_new_store_keeps_a_known_zone_and_falls_back_to_UTC_for_an_unknown_one()
    {
        new Tenant("A", DateTimeOffset.UnixEpoch, timeZone: "Africa/Casablanca").TimeZone.Should().Be("Africa/Casablanca");
        new Tenant("B", DateTimeOffset.UnixEpoch, timeZone: "Nowhere/Land").TimeZone.Should().Be("UTC");
    }
}
