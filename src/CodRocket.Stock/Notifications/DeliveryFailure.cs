using System.Net.Sockets;
using MailKit.Net.Smtp;
using MimeKit;
using Twilio.Exceptions;

namespace CodRocket.Stock.Notifications;

/// <summary>Why a delivery attempt failed, in the words a merchant reads on the delivery log (the raw error is kept for ops).</summary>
public enum FailureReason
{
    /// <summary>The mail server refused the recipient's address (SMTP 5xx on RCPT, or an address that does not parse).</summary>
    MailboxUnavailable,
    /// <summary>The mail server refused the message itself or the sender (another SMTP 5xx).</summary>
    MessageRejected,
    /// <summary>The mail server could not be reached or answered "try later" (4xx, connection refused or cut).</summary>
    MailServerUnavailable,
    /// <summary>The mail server refused our sign-in: a server setting to fix.</summary>
    MailServerSignIn,
    /// <summary>Twilio says the number cannot receive SMS (not a valid mobile number).</summary>
    InvalidPhoneNumber,
    /// <summary>Twilio refused the message (another 4xx: the account, the sender, the content).</summary>
    SmsRejected,
    /// <summary>Twilio could not be reached, or answered 5xx or 429.</summary>
    SmsProviderUnavailable,
    /// <summary>No answer in time.</summary>
    Timeout,
    Unknown,
}

/// <summary>
/// What a failed send means. Permanent failures (an SMTP 5xx, an invalid phone number, a Twilio 4xx) fail the row at
/// once: retrying the same message to the same address gets the same answer, and six tries over half an hour only
/// delay the moment the merchant sees it. Everything else is transient and backs off.
/// </summary>
public sealed record DeliveryFailure(FailureReason Reason, bool Permanent, string Error)
{
    /// <summary>Twilio error codes for a number that cannot receive the message (21211 invalid 'To', 21614 not a mobile, ...).</summary>
    private static readonly HashSet<int> InvalidNumberCodes = [21211, 21214, 21217, 21401, 21407, 21408, 21610, 21612, 21614];

    public static DeliveryFailure Of(Exception e)
    {
        var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
        return e switch
        {
            SmtpCommandException smtp when (int)smtp.StatusCode >= 500 => new(
                smtp.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? FailureReason.MailboxUnavailable : FailureReason.MessageRejected, true,
                $"SMTP {(int)smtp.StatusCode}: {error}"),
            SmtpCommandException smtp => new(FailureReason.MailServerUnavailable, false, $"SMTP {(int)smtp.StatusCode}: {error}"),
            MailKit.Security.AuthenticationException => new(FailureReason.MailServerSignIn, false, error),
            ParseException => new(FailureReason.MailboxUnavailable, true, error),
            SmtpProtocolException or MailKit.ServiceNotConnectedException or SocketException or IOException => new(FailureReason.MailServerUnavailable, false, error),
            ApiException twilio when twilio.Status is >= 400 and < 500 and not 429 => new(
                InvalidNumberCodes.Contains(twilio.Code) ? FailureReason.InvalidPhoneNumber : FailureReason.SmsRejected, true,
                $"Twilio {twilio.Status} ({twilio.Code}): {error}"),
            ApiException twilio => new(FailureReason.SmsProviderUnavailable, false, $"Twilio {twilio.Status} ({twilio.Code}): {error}"),
            ApiConnectionException or HttpRequestException => new(FailureReason.SmsProviderUnavailable, false, error),
            TimeoutException or OperationCanceledException => new(FailureReason.Timeout, false, error),
            _ => new(FailureReason.Unknown, false, error),
        };
    }
}
