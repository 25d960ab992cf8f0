using System.Net;
using System.Text.Json;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Operations;

public class HealthTests(StockApp app)
{
    [Fact]
    public async Task Liveness_answers_healthy_without_signing_in()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("Healthy");
    }

    [Fact]
    public async Task Readiness_reports_the_database_the_job_servers_heartbeat_and_the_outbox()
    {
        var (status, ready) = await ReadyAsync(app);

        status.Should().Be(HttpStatusCode.OK, "a missing worker degrades readiness; it does not take the web nodes out");
        Check(ready, "database").GetProperty("status").GetString().Should().Be("Healthy");
        var jobs = Check(ready, "jobs");
        jobs.GetProperty("status").GetString().Should().Be("Degraded", "the test app runs no job server");
        jobs.GetProperty("description").GetString().Should().Contain("No job server");
        Check(ready, "outbox").GetProperty("data").GetProperty("maxAgeSeconds").GetInt32().Should().Be(30 * 60);

        // A server announcing itself (as a worker node's would) and beating.
        var storage = app.Services.GetRequiredService<JobStorage>();
        var serverId = "readiness-test:" + Guid.NewGuid().ToString("N");
        using (var connection = storage.GetConnection())
        {
            connection.AnnounceServer(serverId, new ServerContext { Queues = [HangfireNotificationDispatcher.Queue], WorkerCount = 1 });
        }
        try
        {
            (_, ready) = await ReadyAsync(app);
            jobs = Check(ready, "jobs");
            jobs.GetProperty("status").GetString().Should().Be("Healthy");
            jobs.GetProperty("data").GetProperty("heartbeatAgeSeconds").GetInt32().Should().BeLessThan(60);
        }
        finally
        {
            using var connection = storage.GetConnection();
            connection.RemoveServer(serverId);
        }
    }

    [Fact]
    public async Task Readiness_says_alerts_are_not_going_out_when_a_notification_waited_too_long_or_failed_for_good()
    {
        var store = await app.CreateStoreAsync();
        var stale = new Notification(NotificationKind.Test, NotificationChannel.Email, store.OwnerId, store.Email, DateTimeOffset.UtcNow.AddHours(-2));
        var failed = new Notification(NotificationKind.Test, NotificationChannel.Email, store.OwnerId, store.Email, DateTimeOffset.UtcNow);
        failed.RecordImmediate(NotificationStatus.Failed, new DeliveryFailure(FailureReason.MailboxUnavailable, true, "550 mailbox unavailable"), null, DateTimeOffset.UtcNow);
        await app.InDbAsync(store.TenantId, async db =>
        {
            db.Notifications.AddRange(stale, failed);
            return await db.SaveChangesAsync();
        });
        try
        {
            var (status, ready) = await ReadyAsync(app);

            status.Should().Be(HttpStatusCode.OK);
            ready.GetProperty("status").GetString().Should().Be("Degraded");
            var outbox = Check(ready, "outbox");
            outbox.GetProperty("status").GetString().Should().Be("Degraded");
            outbox.GetProperty("description").GetString().Should().Contain("alerts are not going out");
            outbox.GetProperty("data").GetProperty("oldestUndeliveredAgeSeconds").GetInt32().Should().BeGreaterThanOrEqualTo(2 * 3600 - 60);
            outbox.GetProperty("data").GetProperty("failed").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        }
        finally
        {
            await app.InDbAsync(store.TenantId, db => db.Notifications.Where(n => n.Id == stale.Id || n.Id == failed.Id).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Readiness_can_take_a_node_out_when_configured_to_treat_a_stalled_alert_pipeline_as_unhealthy()
    {
        await using var strict = app.WithWebHostBuilder(b => b.UseSetting("Operations:AlertPipelineFailureStatus", "Unhealthy"));

        var (status, ready) = await ReadyAsync(strict);

        status.Should().Be(HttpStatusCode.ServiceUnavailable, "no job server runs");
        Check(ready, "jobs").GetProperty("status").GetString().Should().Be("Unhealthy");
    }

    private static JsonElement Check(JsonElement ready, string name) => ready.GetProperty("checks").GetProperty(name);

    private static async Task<(HttpStatusCode, JsonElement)> ReadyAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}
