namespace CodRocket.Stock.Notifications;

/// <summary>
/// Addresses and phone numbers as the logs show them: enough to tell messages apart, not enough to harvest
/// ("y***@example.com", "+2126******78"). The delivery log in Settings shows them whole, to the store only.
/// </summary>
public static class Redact
{
    public static string Email(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    public static string Phone(string phone) =>
        phone.Length <= 6 ? new string('*', phone.Length) : phone[..5] + new string('*', phone.Length - 7) + phone[^2..];
}
