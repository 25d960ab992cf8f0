using System.Net.Sockets;
using CodRocket.Stock.Notifications;
using MailKit.Net.Smtp;
using Twilio.Exceptions;

namespace CodRocket.Stock.Tests.Notifications;

/// <summary>Which failures are permanent (fail at once) and which back off, and the merchant's reason for each.</summary>
public class DeliveryFailureTests
{
    [Fact]
    public void An_smtp_5xx_on_the_recipient_is_permanent_and_says_the_mailbox_is_unavailable()
    {
        var failure = DeliveryFailure.Of(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "mailbox unavailable"));

        failure.Should().Be(new DeliveryFailure(FailureReason.MailboxUnavailable, true, "SMTP 550: mailbox unavailable"));
    }

    [Fact]
    public void Another_smtp_5xx_is_permanent_and_a_4xx_is_transient()
    {
        DeliveryFailure.Of(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "no"))
            .Should().Match<DeliveryFailure>(f => f.Permanent && f.Reason == FailureReason.MessageRejected);
        DeliveryFailure.Of(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, "try later"))
            .Should().Match<DeliveryFailure>(f => !f.Permanent && f.Reason == FailureReason.MailServerUnavailable);
    }

    [Fact]
    public void A_connection_failure_or_a_timeout_is_transient()
    {
        DeliveryFailure.Of(new SocketException((int)SocketError.ConnectionRefused)).Should().Match<DeliveryFailure>(f => !f.Permanent && f.Reason == FailureReason.MailServerUnavailable);
        DeliveryFailure.Of(new TimeoutException()).Should().Match<DeliveryFailure>(f => !f.Permanent && f.Reason == FailureReason.Timeout);
        DeliveryFailure.Of(new InvalidOperationException("?")).Should().Match<DeliveryFailure>(f => !f.Permanent && f.Reason == FailureReason.Unknown);
    }

    [Theory]
    [InlineData(400, 21211, FailureReason.InvalidPhoneNumber, true)]
    [InlineData(400, 21614, FailureReason.InvalidPhoneNumber, true)]
    [InlineData(403, 20003, FailureReason.SmsRejected, true)]
    [InlineData(429, 20429, FailureReason.SmsProviderUnavailable, false)]
    [InlineData(503, 0, FailureReason.SmsProviderUnavailable, false)]
    public void Twilio_4xx_are_permanent_but_rate_limits_and_5xx_back_off(int status, int code, FailureReason reason, bool permanent)
    {
        var failure = DeliveryFailure.Of(new ApiException(code, status, "refused", "https://www.twilio.com/docs/errors"));

        failure.Should().Match<DeliveryFailure>(f => f.Reason == reason && f.Permanent == permanent);
    }
}
