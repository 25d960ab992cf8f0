using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Localization;

/// <summary>Identity's messages that reach our forms (sign-up, invitations, password choice), in the reader's language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> L) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), L["Something went wrong. Try again."]);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), L["An account already uses the email {0}.", email]);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), L["An account already uses the email {0}.", userName]);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), L["Enter a valid email address."]);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), L["Enter a valid email address."]);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), L["This link has expired or was already used."]);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), L["Email or password is incorrect."]);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), L["A password has at least {0} characters.", length]);
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), L["Someone changed this at the same time. Try again."]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
