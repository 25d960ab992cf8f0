using CodRocket.Stock.Bench;

var name = args.FirstOrDefault() ?? "";
var options = args.Skip(1).ToArray();
switch (name)
{
    case "probe":
        await Probe.RunAsync();
        break;
    case "email":
        await EmailBench.RunAsync();
        break;
    case "email-burst":
        await BurstBench.RunAsync(options);
        break;
    case "dashboard":
        await DashboardBench.RunAsync(options);
        break;
    case "orders":
        await OrdersBench.RunAsync(options);
        break;
    case "http":
        await HttpBench.RunAsync(options);
        break;
    case "bulk":
        await BulkBench.RunAsync(options);
        break;
    case "report":
        await ReportBench.RunAsync(options);
        break;
    case "ledger":
        await LedgerBench.RunAsync(options);
        break;
    case "alerts":
        await LedgerBench.RunAsync(options);
        await DashboardBench.RunAsync(options);
        break;
    default:
        Console.Error.WriteLine("usage: bench/run.sh alerts|ledger|bulk|dashboard|email|email-burst|http|orders|report [--seconds N] [--runs N] [--requests N]");
        return 2;
}
return 0;
