namespace CodRocket.Stock;

/// <summary>
/// Marks English text that is also a localization key: the domain says what happened in English, the web and the
/// notification composer translate it (SharedResource.fr.resx). The key scan of the completeness test finds it by
/// this call, so a message written here can't miss its French.
/// </summary>
public static class Text
{
    public static string Key(string english) => english;
}
