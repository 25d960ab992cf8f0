// The one resource class for user-facing strings: English text is the key, French arrives as SharedResource.fr.resx.
namespace CodRocket.Stock.Web;

public sealed class SharedResource;
