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

    [Fact]
    public void A_count_of_the_largest_quantity_is_accepted_and_one_more_is_rejected()
    {
        StockChange.Count(Product, Casablanca, StockLimits.MaxQuantity, AdjustmentReason.Count).CountedOnHand.Should().Be(StockLimits.MaxQuantity);

        var count = () => StockChange.Count(Product, Casablanca, StockLimits.MaxQuantity + 1, AdjustmentReason.Count);
        count.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_write_off_takes_units_off_the_shelf_and_may_not_take_available_below_zero()
    {
        var change = StockChange.WriteOff(Product, Casablanca, 3, AdjustmentReason.Lost, "dropped");

        change.OnHandDelta.Should().Be(-3);
        change.ReservedDelta.Should().Be(0);
        change.KeepAvailable.Should().BeTrue();
        change.Reason.Should().Be("Lost");
        change.Note.Should().Be("dropped");
    }

    [Fact]
    public void A_transfer_of_no_units_is_rejected()
    {
        var transfer = () => StockChange.Transfer(Product, Casablanca, Tangier, 0);

        transfer.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(true, StockGuard.KeepAvailable)]
    [InlineData(false, StockGuard.None)]
    public void A_reservation_sets_units_aside_and_refuses_a_shortage_only_under_block(bool mustBeAvailable, StockGuard guard)
    {
        var order = Guid.NewGuid();

        var change = StockChange.Reserve(Product, Casablanca, 4, mustBeAvailable, order);

        change.Should().Match<StockChange>(c => c.Type == MovementType.Reservation && c.OnHandDelta == 0 && c.ReservedDelta == 4
            && c.Guard == guard && c.Reference == order && !c.ReserveUpTo);
    }

    [Fact]
    public void An_auto_backorder_reservation_takes_what_is_available_up_to_the_quantity()
    {
        var change = StockChange.ReserveOrBackorder(Product, Casablanca, 6, Guid.NewGuid());

        change.ReserveUpTo.Should().BeTrue();
        change.ReservedDelta.Should().Be(6);
        change.Guard.Should().Be(StockGuard.None);
    }

    [Fact]
    public void A_release_gives_back_the_reserved_units_and_the_place_in_the_backorder_queue()
    {
        var change = StockChange.Release(Product, Casablanca, 3, 2, Guid.NewGuid());

        change.Should().Match<StockChange>(c => c.Type == MovementType.Release && c.OnHandDelta == 0 && c.ReservedDelta == -3 && c.BackorderedDelta == -2);
    }

    [Fact]
    public void A_shipment_takes_reserved_units_off_the_shelf_and_cannot_send_what_is_not_there()
    {
        var change = StockChange.Ship(Product, Casablanca, 5, Guid.NewGuid());

        change.Should().Match<StockChange>(c => c.Type == MovementType.Shipment && c.OnHandDelta == -5 && c.ReservedDelta == -5 && c.Guard == StockGuard.KeepOnHand);
    }

    [Fact]
    public void Only_changes_that_may_add_stock_count_as_adding()
    {
        var legs = StockChange.Transfer(Product, Casablanca, Tangier, 2);

        StockChange.Receive(Product, Casablanca, 1).Adds.Should().BeTrue();
        StockChange.Return(Product, Casablanca, 1, Guid.NewGuid()).Adds.Should().BeTrue();
        legs[1].Adds.Should().BeTrue();
        legs[0].Adds.Should().BeFalse();
        StockChange.WriteOff(Product, Casablanca, 1, AdjustmentReason.Damaged).Adds.Should().BeFalse();
        StockChange.Count(Product, Casablanca, 10, AdjustmentReason.Count).Adds.Should().BeFalse("a count's direction is known only under the lock");
        (legs[1] with { OnHandDelta = 0 }).Adds.Should().BeTrue("a transfer in adds whatever its size");
    }

    [Fact]
    public void A_note_of_exactly_the_column_size_is_kept_whole_and_a_blank_one_is_no_note()
    {
        StockChange.Receive(Product, Casablanca, 1, new string('n', StockChange.NoteMaxLength)).Note.Should().HaveLength(StockChange.NoteMaxLength);
        StockChange.Receive(Product, Casablanca, 1, "   ").Note.Should().BeNull();
    }
}
