using System.Globalization;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using CodRocket.Stock.Webhooks;

namespace CodRocket.Stock.Web.Api;

/// <param name="Url">https URL that receives the events (a public address).</param>
/// <param name="Events">Any of alert.opened, alert.escalated, alert.resolved, order.created, order.status_changed, backorder.filled, stock.changed.</param>
/// <param name="Products">SKUs whose stock.changed events the endpoint wants; empty or absent for all products.</param>
/// <param name="Active">false pauses deliveries (they wait until it is true again); default true.</param>
/// <remarks>PATCH: what is left out stays; "products": [] or null goes back to all products.</remarks>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, Optional<IReadOnlyList<string>?> Products, Optional<bool?> Active);

/// <param name="DisabledAt">When delivery gave up after 24 h of failures and turned the endpoint off.</param>
/// <param name="PreviousSecretExpiresAt">During a rotation, until when deliveries are also signed with the previous secret.</param>
public sealed record WebhookResponse(
    Guid Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<string> Products, bool Active, DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt, DateTimeOffset? PreviousSecretExpiresAt);

/// <param name="Secret">The signing secret (Standard Webhooks, whsec_...): shown only in this answer.</param>
public sealed record WebhookCreatedResponse(WebhookResponse Endpoint, string Secret);

public sealed record WebhookSecretResponse(string Secret, DateTimeOffset PreviousSecretExpiresAt);

public sealed record WebhookDeliveryResponse(
    Guid Id, string MessageId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt,
    int? ResponseStatus, int? DurationMs, string? LastError, DateTimeOffset? NextAttemptAt, string Payload);

internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapGet("", ListAsync)
            .WithName("ListWebhooks").WithSummary("List the store's webhook endpoints")
            .Produces<ListResponse<WebhookResponse>>();
        group.MapPost("", CreateAsync)
            .WithName("CreateWebhook").WithSummary("Create a webhook endpoint")
            .WithDescription("Registers a URL for the chosen events. The answer carries the signing secret once; deliveries are signed "
                + "the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature). Private, loopback and link-local "
                + "addresses are refused, and only https URLs in production.")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookCreatedResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetWebhook").WithSummary("Get one webhook endpoint")
            .Produces<WebhookResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateWebhook").WithSummary("Change a webhook endpoint's URL, events, products or active flag")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteWebhook").WithSummary("Delete a webhook endpoint and its delivery log")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/rotate-secret", RotateAsync)
            .WithName("RotateWebhookSecret").WithSummary("Give the endpoint a new signing secret")
            .WithDescription("Answers the new secret once. For 24 hours deliveries carry two signatures, one per secret, so the receiver can switch over.")
            .Produces<WebhookSecretResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/test", TestAsync)
            .WithName("SendWebhookTest").WithSummary("Send a webhook.test event to the endpoint")
            .Produces<WebhookDeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries").WithSummary("The endpoint's delivery log, newest first")
            .Produces<ListResponse<WebhookDeliveryResponse>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult NotFound(Guid id) => ApiResults.NotFound($"No webhook endpoint with the id '{id}'.");

    private static async Task<IResult> ListAsync(WebhookService webhooks, CancellationToken ct)
    {
        var items = new List<WebhookResponse>();
        foreach (var endpoint in await webhooks.ListAsync(ct))
        {
            items.Add(await ToResponseAsync(webhooks, endpoint, ct));
        }
        return TypedResults.Ok(new ListResponse<WebhookResponse>(items, 1, items.Count, items.Count));
    }

    private static async Task<IResult> GetAsync(Guid id, WebhookService webhooks, CancellationToken ct) =>
        await webhooks.FindAsync(id, ct) is { } endpoint ? TypedResults.Ok(await ToResponseAsync(webhooks, endpoint, ct)) : NotFound(id);

    private static async Task<IResult> CreateAsync(WebhookRequest request, WebhookService webhooks, ActivityLog activity, CancellationToken ct)
    {
        var result = await webhooks.CreateAsync(new WebhookDraft(request.Url, request.Events, request.Products.Value, request.Active.Value), ct);
        if (result is WebhookSaveResult.Saved created)
        {
            await activity.RecordAsync(ActivityKind.WebhookCreated, created.Endpoint.Url, ct);
        }
        return result switch
        {
            WebhookSaveResult.Saved saved => TypedResults.Created($"{ApiEndpoints.Prefix}/webhooks/{saved.Endpoint.Id}",
                new WebhookCreatedResponse(await ToResponseAsync(webhooks, saved.Endpoint, ct), saved.Secret!)),
            WebhookSaveResult.Invalid invalid => Invalid(invalid),
            _ => ApiResults.Problem(StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> UpdateAsync(Guid id, WebhookRequest request, WebhookService webhooks, ActivityLog activity, CancellationToken ct)
    {
        if (request.Active is { IsSet: true, Value: null })
        {
            return ApiResults.Validation("active", "active is true or false.");
        }
        // "products": [] (or null) goes back to all products; absent keeps the choice.
        var products = request.Products.IsSet ? request.Products.Value ?? [] : null;
        var result = await webhooks.UpdateAsync(id, new WebhookDraft(request.Url, request.Events, products, request.Active.Value), ct);
        if (result is WebhookSaveResult.Saved changed)
        {
            await activity.RecordAsync(ActivityKind.WebhookChanged, changed.Endpoint.Url, ct);
        }
        return result switch
        {
            WebhookSaveResult.Saved saved => TypedResults.Ok(await ToResponseAsync(webhooks, saved.Endpoint, ct)),
            WebhookSaveResult.Invalid invalid => Invalid(invalid),
            _ => NotFound(id),
        };
    }

    private static async Task<IResult> DeleteAsync(Guid id, WebhookService webhooks, ActivityLog activity, CancellationToken ct)
    {
        var url = (await webhooks.FindAsync(id, ct))?.Url;
        if (!await webhooks.DeleteAsync(id, ct))
        {
            return NotFound(id);
        }
        await activity.RecordAsync(ActivityKind.WebhookDeleted, url, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RotateAsync(Guid id, WebhookService webhooks, ActivityLog activity, CancellationToken ct)
    {
        if (await webhooks.RotateSecretAsync(id, ct) is not { } secret)
        {
            return NotFound(id);
        }
        var endpoint = await webhooks.FindAsync(id, ct);
        await activity.RecordAsync(ActivityKind.WebhookSecretRotated, endpoint!.Url, ct);
        return TypedResults.Ok(new WebhookSecretResponse(secret, endpoint!.PreviousSecretExpiresAt!.Value));
    }

    private static async Task<IResult> TestAsync(Guid id, WebhookService webhooks, CancellationToken ct) =>
        await webhooks.SendTestAsync(id, ct) is { } delivery
            ? TypedResults.Accepted($"{ApiEndpoints.Prefix}/webhooks/{id}/deliveries", ToResponse(delivery))
            : NotFound(id);

    private static async Task<IResult> DeliveriesAsync(Guid id, int? page, int? pageSize, WebhookService webhooks, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = ApiPaging.From(page, pageSize, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        if (await webhooks.FindAsync(id, ct) is null)
        {
            return NotFound(id);
        }
        var (rows, total) = await webhooks.DeliveriesAsync(id, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(paging.Of([.. rows.Select(ToResponse)], total));
    }

    private static IResult Invalid(WebhookSaveResult.Invalid invalid)
    {
        var errors = new FieldErrors();
        foreach (var e in invalid.Errors)
        {
            errors.Add(e.Field, string.Format(CultureInfo.InvariantCulture, e.Message, e.Arguments));
        }
        return errors.ToResult();
    }

    private static async Task<WebhookResponse> ToResponseAsync(WebhookService webhooks, WebhookEndpoint e, CancellationToken ct) =>
        new(e.Id, e.Url, e.Events, await webhooks.SkusAsync(e, ct), e.IsActive, e.CreatedAt, e.DisabledAt,
            e.PreviousSecret is null ? null : e.PreviousSecretExpiresAt);

    private static WebhookDeliveryResponse ToResponse(WebhookDelivery d) =>
        new(d.Id, d.MessageId, d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.CreatedAt, d.LastAttemptAt, d.ResponseStatus,
            d.DurationMs, d.LastError, d.NextAttemptAt, d.Payload);
}
