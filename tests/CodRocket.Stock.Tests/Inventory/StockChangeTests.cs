using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Tests.Inventory;

public class StockChangeTests
{
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Casablanca = Guid.NewGuid();
    private static readonly Guid Tangier = Guid.NewGuid();

    [Fact]
    public void A_receipt_adds_to_on_hand_and_needs_no_available_stock()
    {
        var change = StockChange.Receive(Product, Casablanca, 12, " delivery 42 ");

        change.Type.Should().Be(MovementType.Receipt);
        change.OnHandDelta.Should().Be(12);
        change.ReservedDelta.Should().Be(0);
        change.KeepAvailable.Should().BeFalse();
        change.Note.Should().Be("delivery 42");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(StockLimits.MaxQuantity + 1)]
    public void A_receipt_of_a_quantity_out_of_bounds_is_rejected(int quantity)
    {
        var receive = () => StockChange.Receive(Product, Casablanca, quantity);

        receive.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_transfer_is_two_legs_sharing_a_reference_and_the_outgoing_leg_is_guarded()
    {
        var legs = StockChange.Transfer(Product, Casablanca, Tangier, 7);

        legs.Should().HaveCount(2);
        legs[0].Should().Match<StockChange>(c => c.WarehouseId == Casablanca && c.OnHandDelta == -7 && c.KeepAvailable && c.Type == MovementType.TransferOut);
        legs[1].Should().Match<StockChange>(c => c.WarehouseId == Tangier && c.OnHandDelta == 7 && !c.KeepAvailable && c.Type == MovementType.TransferIn);
        legs[0].Reference.Should().NotBeNull().And.Be(legs[1].Reference);
    }

    [Fact]
    public void A_transfer_to_the_same_warehouse_is_rejected()
    {
        var transfer = () => StockChange.Transfer(Product, Casablanca, Casablanca, 1);

        transfer.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_count_sets_on_hand_and_records_its_reason()
    {
        var change = StockChange.Count(Product, Casablanca, 0, AdjustmentReason.Damaged);

        change.CountedOnHand.Should().Be(0);
        change.Reason.Should().Be("Damaged");
        change.KeepAvailable.Should().BeFalse();
    }

    [Fact]
    public void A_negative_count_is_rejected()
    {
        var count = () => StockChange.Count(Product, Casablanca, -1, AdjustmentReason.Count);

        count.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_long_note_is_cut_to_the_column_size()
    {
        var change = StockChange.Receive(Product, Casablanca, 1, new string('n', 800));

        change.Note.Should().HaveLength(StockChange.NoteMaxLength);
    }
}
