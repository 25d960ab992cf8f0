using CodRocket.Stock.BrowserTests;

[assembly: AssemblyFixture(typeof(BrowserFixture))]
