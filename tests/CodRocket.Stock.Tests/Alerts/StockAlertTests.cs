using CodRocket.Stock.Alerts;

namespace CodRocket.Stock.Tests.Alerts;

public class StockAlertTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Amina = Guid.NewGuid();

    /// <summary>An open alert as the evaluator writes it (alerts open in SQL, set-based).</summary>
    private static StockAlert OpenAlert() => (StockAlert)Activator.CreateInstance(typeof(StockAlert), nonPublic: true)!;

    private static StockAlert ResolvedAlert()
    {
        var alert = OpenAlert();
        typeof(StockAlert).GetProperty(nameof(StockAlert.ResolvedAt))!.SetValue(alert, Now.AddHours(-1));
        return alert;
    }

    [Fact]
    public void Acknowledging_an_open_alert_records_who_and_when_with_an_event_of_its_own()
    {
        var alert = OpenAlert();

        alert.Acknowledge(Amina, Now).Should().BeTrue();

        alert.AcknowledgedAt.Should().Be(Now);
        alert.AcknowledgedBy.Should().Be(Amina);
        alert.IsOpen.Should().BeTrue("acknowledging keeps the alert open until stock is back");
        alert.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { AlertId = alert.Id, Kind = AlertEventKind.Acknowledged, At = Now, UserId = (Guid?)Amina, SnoozedUntil = (DateTimeOffset?)null });
    }

    [Fact]
    public void Acknowledging_twice_changes_nothing_the_second_time()
    {
        var alert = OpenAlert();
        alert.Acknowledge(Amina, Now);

        alert.Acknowledge(Guid.NewGuid(), Now.AddMinutes(5)).Should().BeFalse();

        alert.AcknowledgedAt.Should().Be(Now);
        alert.AcknowledgedBy.Should().Be(Amina);
        alert.Events.Should().ContainSingle();
    }

    [Fact]
    public void A_resolved_alert_cannot_be_acknowledged_nor_snoozed()
    {
        var alert = ResolvedAlert();

        alert.Acknowledge(Amina, Now).Should().BeFalse();
        alert.Snooze(Amina, Now.AddHours(4), Now).Should().BeFalse();

        alert.AcknowledgedAt.Should().BeNull();
        alert.SnoozedUntil.Should().BeNull();
        alert.Events.Should().BeEmpty();
    }

    [Fact]
    public void Snoozing_records_until_when_and_who_with_an_event_of_its_own()
    {
        var alert = OpenAlert();
        var until = Now.AddHours(4);

        alert.Snooze(Amina, until, Now).Should().BeTrue();

        alert.SnoozedUntil.Should().Be(until);
        alert.SnoozedBy.Should().Be(Amina);
        alert.Events.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Kind = AlertEventKind.Snoozed, At = Now, UserId = (Guid?)Amina, SnoozedUntil = (DateTimeOffset?)until });
    }

    [Fact]
    public void Snoozing_until_a_moment_not_in_the_future_is_refused()
    {
        var alert = OpenAlert();

        alert.Snooze(Amina, Now, Now).Should().BeFalse();

        alert.SnoozedUntil.Should().BeNull();
        alert.Events.Should().BeEmpty();
    }

    [Fact]
    public void An_open_alert_needs_attention_until_acknowledged()
    {
        var alert = OpenAlert();
        alert.NeedsAttention(Now).Should().BeTrue();

        alert.Acknowledge(Amina, Now);

        alert.NeedsAttention(Now).Should().BeFalse();
    }

    [Fact]
    public void A_snoozed_alert_needs_attention_again_from_the_end_of_its_snooze()
    {
        var alert = OpenAlert();
        var until = Now.AddHours(1);
        alert.Snooze(Amina, until, Now);

        alert.NeedsAttention(until.AddTicks(-1)).Should().BeFalse();
        alert.NeedsAttention(until).Should().BeTrue();
    }

    [Fact]
    public void A_resolved_alert_needs_no_attention() => ResolvedAlert().NeedsAttention(Now).Should().BeFalse();

    [Fact]
    public void The_query_form_of_needs_attention_agrees_with_the_alert_itself()
    {
        var open = OpenAlert();
        var acknowledged = OpenAlert();
        acknowledged.Acknowledge(Amina, Now);
        var snoozed = OpenAlert();
        snoozed.Snooze(Amina, Now.AddHours(1), Now);
        var snoozeOver = OpenAlert();
        snoozeOver.Snooze(Amina, Now.AddMinutes(1), Now);
        StockAlert[] alerts = [open, acknowledged, snoozed, snoozeOver, ResolvedAlert()];
        var later = Now.AddMinutes(30);

        var needing = alerts.AsQueryable().Where(StockAlert.NeedingAttention(later)).ToList();

        needing.Should().Equal(open, snoozeOver);
        needing.Should().Equal(alerts.Where(a => a.NeedsAttention(later)));
    }
}
