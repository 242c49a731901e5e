using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Queues;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Triggers;

/// <summary>
/// Standalone, starts a <see cref="QueueListener"/> per queue function and a <see cref="TimerRunner"/> per timer function
/// that does not keep its own time. Under the Functions host nothing starts: the host runs the triggers.
/// </summary>
public sealed partial class StandaloneTriggers(
    IServiceProvider services, HostingMode hosting, IOptions<QueueOptions> options, IConfiguration configuration, ILogger<StandaloneTriggers> logger) : IHostedService, IDisposable
{
    private readonly List<BackgroundService> _loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (hosting.IsCustomHandler || !options.Value.ListenersEnabled)
        {
            return;
        }
        var queueOptions = options.Value;
        queueOptions.Validate();
        foreach (var function in services.GetServices<IQueueFunction>())
        {
            if (FunctionSwitches.IsDisabled(configuration, function.FunctionName))
            {
                FunctionDisabled(logger, function.FunctionName, FunctionSwitches.SettingName(function.FunctionName));
                continue;
            }
            _loops.Add(new QueueListener(function,
                services.GetRequiredService<IMessageQueues>(),
                services.GetRequiredService<QueueWakeups>(),
                services.GetRequiredService<QueueFailureLog>(),
                queueOptions,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<QueueListener>>()));
            ListenerStarted(logger, function.FunctionName, function.QueueName);
        }
        foreach (var function in services.GetServices<ITimerFunction>().Where(f => !f.SchedulesItselfStandalone))
        {
            if (FunctionSwitches.IsDisabled(configuration, function.FunctionName))
            {
                FunctionDisabled(logger, function.FunctionName, FunctionSwitches.SettingName(function.FunctionName));
                continue;
            }
            _loops.Add(new TimerRunner(function, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<TimerRunner>>()));
            TimerStarted(logger, function.FunctionName, function.Schedule);
        }
        foreach (var loop in _loops)
        {
            await loop.StartAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_loops.Select(l => l.StopAsync(cancellationToken)));

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to queue {Queue} for {FunctionName}")]
    private static partial void ListenerStarted(ILogger logger, string functionName, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} does not run: {Setting} is set")]
    private static partial void FunctionDisabled(ILogger logger, string functionName, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {FunctionName} on schedule {Schedule}")]
    private static partial void TimerStarted(ILogger logger, string functionName, string schedule);
}
