using CodRocket.Stock.Notifications;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodRocket.Stock.Tests.Notifications;

/// <summary>A burst of commits costs a few delivery jobs, and every commit is followed by a job enqueued after it.</summary>
public class NotificationDispatcherTests
{
    [Fact]
    public async Task A_burst_of_commits_enqueues_one_job_at_once_and_one_after_the_last_of_them()
    {
        var jobs = new RecordingJobClient();
        var dispatcher = new HangfireNotificationDispatcher(jobs, TimeProvider.System, NullLogger<HangfireNotificationDispatcher>.Instance);
        var store = Guid.CreateVersion7();

        for (var i = 0; i < 100; i++)
        {
            dispatcher.Dispatch(store);
        }
        var lastCommit = DateTimeOffset.UtcNow;
        jobs.Enqueued.Should().ContainSingle("the first commit's job goes at once");
        await Task.Delay(HangfireNotificationDispatcher.Coalesce * 3, TestContext.Current.CancellationToken);

        jobs.Enqueued.Should().HaveCount(2).And.Subject.Last().Should().BeOnOrAfter(lastCommit, "the trailing job sees every commit before it");
        dispatcher.Dispatch(Guid.CreateVersion7());
        jobs.Enqueued.Should().HaveCount(3, "another store is not held back");
    }

    [Fact]
    public void A_store_gets_one_scheduled_delivery_for_a_window_however_many_jobs_find_it_open()
    {
        var jobs = new RecordingJobClient();
        var dispatcher = new HangfireNotificationDispatcher(jobs, TimeProvider.System, NullLogger<HangfireNotificationDispatcher>.Instance);
        var store = Guid.CreateVersion7();
        // Hangfire truncates a scheduled time to the second: each is rounded up, so that none runs before its window closes.
        var closes = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 12, 0, 5, TimeSpan.Zero).AddMilliseconds(700);
        var due = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 12, 0, 6, TimeSpan.Zero);

        for (var i = 0; i < 10; i++)
        {
            dispatcher.DispatchAt(store, closes);
        }
        dispatcher.DispatchAt(store, closes.AddMinutes(1));
        dispatcher.DispatchAt(store, closes.AddMinutes(-1));

        jobs.Scheduled.Should().Equal(due, due.AddMinutes(-1));
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<DateTimeOffset> Enqueued { get; } = [];
        public List<DateTimeOffset> Scheduled { get; } = [];

        public string Create(Job job, IState state)
        {
            lock (this)
            {
                if (state is ScheduledState scheduled)
                {
                    Scheduled.Add(new DateTimeOffset(scheduled.EnqueueAt, TimeSpan.Zero));
                }
                else
                {
                    Enqueued.Add(DateTimeOffset.UtcNow);
                }
            }
            return Guid.NewGuid().ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
