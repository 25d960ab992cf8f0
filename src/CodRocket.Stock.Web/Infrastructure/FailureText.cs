using CodRocket.Stock.Notifications;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Why a delivery failed, in merchant words (English keys for the localizer); the raw error stays for ops.</summary>
public static class FailureText
{
    public static string Reason(FailureReason reason) => reason switch
    {
        FailureReason.MailboxUnavailable => "The recipient's mail server refused this address: check it in Settings → Team.",
        FailureReason.MessageRejected => "The mail server refused the message. Ask whoever runs the SMTP server why.",
        FailureReason.MailServerUnavailable => "The mail server could not be reached or asked to try later.",
        FailureReason.MailServerSignIn => "The mail server refused the app's sign-in: the SMTP settings need fixing.",
        FailureReason.InvalidPhoneNumber => "This phone number cannot receive SMS: check it in Settings → Team.",
        FailureReason.SmsRejected => "The SMS provider refused the message (account, sender or content).",
        FailureReason.SmsProviderUnavailable => "The SMS provider could not be reached or asked to try later.",
        FailureReason.Timeout => "No answer in time from the server.",
        _ => "Delivery failed for a reason the app does not know; the operator's log has the details.",
    };
}

/// <summary>How an attempt ended, in merchant words (English keys for the localizer).</summary>
public static class AttemptText
{
    public static string Outcome(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Sent => "Delivered to the server",
        AttemptOutcome.Retrying => "Failed, will try again",
        AttemptOutcome.Failed => "Failed, not retried",
        _ => "Written to the log (not configured)",
    };
}
