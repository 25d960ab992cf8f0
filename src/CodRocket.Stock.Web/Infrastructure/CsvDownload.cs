using System.Text;
using Microsoft.Net.Http.Headers;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// The start of a CSV file streamed by a page handler: headers, then the UTF-8 byte order mark. The handler then
/// writes the rows and answers <c>EmptyResult</c>.
/// </summary>
public static class CsvDownload
{
    /// <summary>
    /// The UTF-8 byte order mark. Excel opens a CSV without it in the machine's legacy code page (<c>45×45</c> shows as
    /// <c>45Ã—45</c>); the import accepts files with and without it.
    /// </summary>
    public static ReadOnlyMemory<byte> Utf8Bom { get; } = Encoding.UTF8.GetPreamble();

    public static async Task StartAsync(HttpResponse response, string fileName, CancellationToken ct)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        await response.Body.WriteAsync(Utf8Bom, ct);
    }
}
