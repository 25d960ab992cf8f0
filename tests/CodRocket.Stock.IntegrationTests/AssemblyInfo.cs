using CodRocket.Stock.Testing;

// One app and one database for the whole run; each test works in stores of its own.
[assembly: AssemblyFixture(typeof(StockApp))]
