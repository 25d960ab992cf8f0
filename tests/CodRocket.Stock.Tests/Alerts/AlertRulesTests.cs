using CodRocket.Stock.Alerts;

namespace CodRocket.Stock.Tests.Alerts;

public class AlertRulesTests
{
    /// <summary>One scope over time: feeds each step's stock and threshold to the rules, keeps the alert state.</summary>
    private sealed class Scope
    {
        public AlertLevel? Open { get; private set; }
        public bool ReachedOut { get; private set; }
        public bool Stocked { get; private set; }
        public List<AlertChange> Changes { get; } = [];

        /// <param name="stocked">False: the scope has never had stock; it counts as stocked once available rises
        /// above zero (as the ledger marks it).</param>
        public Scope(bool stocked = true) => Stocked = stocked;

        public Scope Step(int available, int? threshold, bool archived = false)
        {
            Stocked |= available > 0;
            var change = AlertRules.Decide(new ScopeState(archived, threshold, available, Open, Stocked, ReachedOut));
            Open = change switch
            {
                AlertChange.Open => AlertRules.LevelFor(available),
                AlertChange.Escalate => AlertLevel.Out,
                AlertChange.Relevel => AlertRules.LevelFor(available),
                AlertChange.Resolve => null,
                _ => Open,
            };
            ReachedOut = Open is not null && (ReachedOut || Open == AlertLevel.Out);
            if (change != AlertChange.None)
            {
                Changes.Add(change);
            }
            return this;
        }

        public Scope Steps(int? threshold, params int[] availables)
        {
            foreach (var available in availables)
            {
                Step(available, threshold);
            }
            return this;
        }
    }

    [Fact]
    public void Dropping_to_the_threshold_opens_one_alert_and_going_lower_opens_no_other()
    {
        var scope = new Scope().Steps(10, 15, 11, 10, 8, 3, 1);

        scope.Changes.Should().Equal(AlertChange.Open);
        scope.Open.Should().Be(AlertLevel.Low);
    }

    [Fact]
    public void Reaching_zero_escalates_once_even_when_oversold_further()
    {
        var scope = new Scope().Steps(10, 12, 9, 0, -2, -5, 0);

        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Escalate);
        scope.Open.Should().Be(AlertLevel.Out);
    }

    [Fact]
    public void Stock_back_above_the_threshold_resolves_but_stock_still_at_or_below_keeps_it_open()
    {
        var scope = new Scope().Steps(10, 5, 0, 7, 10);
        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Escalate, AlertChange.Relevel);
        scope.Open.Should().Be(AlertLevel.Low, "an open alert shows its current level");

        scope.Step(11, 10);
        scope.Changes.Last().Should().Be(AlertChange.Resolve);
        scope.Open.Should().BeNull();
    }

    [Fact]
    public void An_escalated_alert_refilled_below_the_threshold_is_low_again_and_running_out_again_notifies_nobody()
    {
        var scope = new Scope().Steps(10, 8, 0);
        scope.Open.Should().Be(AlertLevel.Out);

        scope.Step(4, 10);
        scope.Open.Should().Be(AlertLevel.Low, "a receipt to 4 under a threshold of 10 is low stock, not out");

        scope.Steps(10, 0, 3, 0);
        scope.Open.Should().Be(AlertLevel.Out);
        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Escalate,
            AlertChange.Relevel, AlertChange.Relevel, AlertChange.Relevel, AlertChange.Relevel);
    }

    [Fact]
    public void A_never_stocked_scope_does_not_alert_and_its_first_receipt_arms_it()
    {
        var scope = new Scope(stocked: false).Steps(10, 0, 0).Step(0, 20);
        scope.Changes.Should().BeEmpty("a product that has never had stock is not stocked yet, not out of stock");

        scope.Step(4, 10);
        scope.Changes.Should().Equal(AlertChange.Open);
        scope.Open.Should().Be(AlertLevel.Low);
    }

    [Fact]
    public void A_scope_already_empty_when_it_crosses_opens_directly_out_of_stock()
    {
        var scope = new Scope().Steps(10, 20, 0);

        scope.Changes.Should().Equal(AlertChange.Open);
        scope.Open.Should().Be(AlertLevel.Out);
    }

    [Fact]
    public void Flapping_around_the_threshold_opens_one_alert_per_crossing()
    {
        var scope = new Scope().Steps(10, 11, 10, 11, 10, 10, 11);

        scope.Changes.Should().Equal(
            AlertChange.Open, AlertChange.Resolve, AlertChange.Open, AlertChange.Resolve);
    }

    [Fact]
    public void Raising_the_threshold_above_stock_opens_and_lowering_it_below_resolves()
    {
        var scope = new Scope()
            .Step(30, 10)
            .Step(30, 40)
            .Step(30, 35)
            .Step(30, 20);

        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);
    }

    [Fact]
    public void Clearing_the_threshold_resolves_and_no_alert_opens_without_one()
    {
        var scope = new Scope().Step(5, 10).Step(5, null).Step(0, null).Step(-3, null);

        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);
        scope.Open.Should().BeNull();
    }

    [Fact]
    public void A_threshold_of_zero_alerts_only_when_stock_runs_out()
    {
        var scope = new Scope().Steps(0, 3, 1, 0, 1);

        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);
    }

    [Fact]
    public void Archiving_resolves_the_open_alert_and_an_archived_product_never_alerts()
    {
        var scope = new Scope().Step(2, 10).Step(2, 10, archived: true).Step(0, 10, archived: true);

        scope.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);

        scope.Step(0, 10, archived: false);
        scope.Changes.Last().Should().Be(AlertChange.Open, "restoring the product evaluates it again");
    }

    [Fact]
    public void The_product_total_and_each_warehouse_are_separate_scopes()
    {
        // One product, warehouses A (threshold 5) and B (no threshold), product-wide threshold 12.
        var total = new Scope();
        var a = new Scope();
        (int A, int B)[] stock = [(10, 10), (4, 10), (4, 7), (4, 0), (9, 0), (9, 9)];
        foreach (var (stockA, stockB) in stock)
        {
            total.Step(stockA + stockB, 12);
            a.Step(stockA, 5);
        }

        a.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);
        total.Changes.Should().Equal(AlertChange.Open, AlertChange.Resolve);
    }

    [Fact]
    public void The_low_predicate_in_sql_reads_the_same_four_conditions()
    {
        // Run against PostgreSQL for a grid of values by the integration test RuleSqlTests.
        ScopeState.IsLowSql("p.is_archived", "$4", "s.available", "s.stocked")
            .Should().Be("(NOT p.is_archived AND s.stocked AND $4 IS NOT NULL AND s.available <= $4)");
    }
}
