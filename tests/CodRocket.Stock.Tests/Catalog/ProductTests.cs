using CodRocket.Stock.Catalog;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Tests.Catalog;

public class ProductTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static ProductStockSettings Settings(int? threshold = 10, int? lead = 3, int? safety = 5, decimal factor = 1m) =>
        new(threshold, false, null, lead, safety, factor);

    [Fact]
    public void A_new_product_trims_its_sku_and_name()
    {
        var product = new Product("  TSH-001 ", "  Cotton T-shirt ", Now);

        product.Sku.Should().Be("TSH-001");
        product.Name.Should().Be("Cotton T-shirt");
        product.SeasonalFactor.Should().Be(1m);
        product.LowStockThreshold.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_sku_is_rejected(string sku)
    {
        var create = () => new Product(sku, "Name", Now);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_sku_longer_than_the_limit_is_rejected()
    {
        var create = () => new Product(new string('X', StockLimits.SkuMaxLength + 1), "Name", Now);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Stock_settings_within_bounds_are_stored()
    {
        var product = new Product("A", "B", Now);

        product.UpdateStockSettings(new ProductStockSettings(60, true, OutOfStockPolicy.Backorder, 3, 10, 1.5m), Now);

        product.LowStockThreshold.Should().Be(60);
        product.SmsAlerts.Should().BeTrue();
        product.OutOfStockPolicy.Should().Be(OutOfStockPolicy.Backorder);
        product.LeadTimeDays.Should().Be(3);
        product.SafetyStock.Should().Be(10);
        product.SeasonalFactor.Should().Be(1.5m);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(StockLimits.MaxThreshold + 1)]
    public void A_threshold_out_of_bounds_is_rejected_and_nothing_changes(int threshold)
    {
        var product = new Product("A", "B", Now);
        product.UpdateStockSettings(Settings(threshold: 7), Now);

        var update = () => product.UpdateStockSettings(Settings(threshold: threshold), Now);

        update.Should().Throw<ArgumentOutOfRangeException>();
        product.LowStockThreshold.Should().Be(7);
    }

    [Theory]
    [InlineData(-1, 0, 1)]
    [InlineData(366, 0, 1)]
    [InlineData(0, -1, 1)]
    [InlineData(0, 0, 0.05)]
    [InlineData(0, 0, 10.5)]
    public void Replenishment_inputs_out_of_bounds_are_rejected(int lead, int safety, double factor)
    {
        var product = new Product("A", "B", Now);

        var update = () => product.UpdateStockSettings(Settings(lead: lead, safety: safety, factor: (decimal)factor), Now);

        update.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_product_without_a_policy_inherits_the_store_default()
    {
        var store = new Tenant("Shop", Now);
        store.UpdateSettings(new StoreSettings("Shop", 5, OutOfStockPolicy.Warn, 30, "UTC", "en"));
        var product = new Product("A", "B", Now);

        product.EffectivePolicy(store).Should().Be(OutOfStockPolicy.Warn);

        product.UpdateStockSettings(new ProductStockSettings(null, false, OutOfStockPolicy.Backorder, null, null, 1m), Now);
        product.EffectivePolicy(store).Should().Be(OutOfStockPolicy.Backorder);
    }

    [Fact]
    public void Archiving_and_restoring_flip_the_flag()
    {
        var product = new Product("A", "B", Now);

        product.Archive(Now);
        product.IsArchived.Should().BeTrue();
        product.Restore(Now);
        product.IsArchived.Should().BeFalse();
    }

    [Fact]
    public void A_sku_and_a_name_of_exactly_the_limit_are_accepted()
    {
        var product = new Product(new string('X', StockLimits.SkuMaxLength), new string('n', StockLimits.NameMaxLength), Now);

        product.Sku.Should().HaveLength(StockLimits.SkuMaxLength);
        product.Name.Should().HaveLength(StockLimits.NameMaxLength);
    }

    [Fact]
    public void A_sku_with_a_hidden_bidirectional_control_is_rejected()
    {
        var create = () => new Product("TSH\u202E-001", "Name", Now);

        create.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void A_blank_or_too_long_name_is_rejected_and_the_old_name_stays(string? name)
    {
        var product = new Product("A", "Kettle", Now);

        var rename = () => product.Rename(name ?? new string('n', StockLimits.NameMaxLength + 1), Now.AddHours(1));

        rename.Should().Throw<ArgumentException>();
        product.Name.Should().Be("Kettle");
        product.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void Renaming_and_changing_the_sku_are_stored_trimmed_with_the_time_of_the_change()
    {
        var product = new Product("A", "Kettle", Now);
        var later = Now.AddHours(2);

        product.Rename(" Steel kettle ", later);
        product.ChangeSku(" KTL-2 ", later);

        product.Name.Should().Be("Steel kettle");
        product.Sku.Should().Be("KTL-2");
        product.UpdatedAt.Should().Be(later);
    }

    [Fact]
    public void A_seasonal_factor_with_a_fourth_decimal_is_refused_and_the_old_settings_stay()
    {
        var product = new Product("SKU-1", "Tee", Now);
        product.UpdateStockSettings(Settings(factor: 1.5m), Now);

        var tooPrecise = () => product.UpdateStockSettings(Settings(factor: 9.9999m), Now);

        tooPrecise.Should().Throw<ArgumentException>().WithMessage("*at most 3 decimals*");
        product.SeasonalFactor.Should().Be(1.5m);
    }

    [Fact]
    public void Replenishment_inputs_at_their_bounds_are_accepted()
    {
        var product = new Product("A", "B", Now);

        product.UpdateStockSettings(Settings(lead: 0, safety: 0, factor: (decimal)StockLimits.MinSeasonalFactor), Now);
        product.LeadTimeDays.Should().Be(0);
        product.SafetyStock.Should().Be(0);
        product.SeasonalFactor.Should().Be(0.1m);

        product.UpdateStockSettings(Settings(lead: StockLimits.MaxLeadTimeDays, safety: StockLimits.MaxSafetyStock, factor: (decimal)StockLimits.MaxSeasonalFactor), Now);
        product.LeadTimeDays.Should().Be(StockLimits.MaxLeadTimeDays);
        product.SafetyStock.Should().Be(StockLimits.MaxSafetyStock);
        product.SeasonalFactor.Should().Be(10m);
    }

    [Fact]
    public void Safety_stock_above_its_bound_is_rejected()
    {
        var product = new Product("A", "B", Now);

        var update = () => product.UpdateStockSettings(Settings(safety: StockLimits.MaxSafetyStock + 1), Now);

        update.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Missing_replenishment_inputs_are_stored_as_missing()
    {
        var product = new Product("A", "B", Now);
        product.UpdateStockSettings(Settings(lead: 3, safety: 5), Now);

        product.UpdateStockSettings(Settings(lead: null, safety: null), Now);

        product.LeadTimeDays.Should().BeNull();
        product.SafetyStock.Should().BeNull();
    }
}
