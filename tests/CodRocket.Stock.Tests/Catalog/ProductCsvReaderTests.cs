using System.Text;
using CodRocket.Stock.Catalog.Csv;

namespace CodRocket.Stock.Tests.Catalog;

/// <summary>
/// The export starts with a UTF-8 byte order mark (so Excel reads it as UTF-8), and so does Excel's "CSV UTF-8":
/// the import reads files with and without it alike.
/// </summary>
public class ProductCsvReaderTests
{
    [Theory]
    [InlineData("sku,name,low_stock_alert\r\nCSH-45,Cushion 45×45,4\r\n")]
    [InlineData("\uFEFFsku,name,low_stock_alert\r\nCSH-45,Cushion 45×45,4\r\n")]
    [InlineData("\uFEFF\"sku\",\"name\",\"low_stock_alert\"\r\n\"CSH-45\",\"Cushion 45×45\",\"4\"\r\n")]
    [InlineData("\uFEFFsku;name;low_stock_alert\nCSH-45;Cushion 45×45;4\n")]
    public void A_file_reads_the_same_with_or_without_a_byte_order_mark(string csv)
    {
        var file = ProductCsvReader.Read(Encoding.UTF8.GetBytes(csv));

        file.Problems.Should().BeEmpty();
        file.Rows.Should().ContainSingle().Which.Should().Match<ImportRow>(r => r.Sku == "CSH-45" && r.LowStockThreshold == 4);
    }
}
