using System.Globalization;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Reminders;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>What a batch of creations planned: how many interviews, their invitations and reminders, and when each reminder is due.</summary>
internal sealed class PlannedBatch
{
    private readonly List<long> _reminderDueTicks = [];
    private long[]? _sorted;

    public int Interviews { get; private set; }

    public int Invitations { get; private set; }

    public int Reminders => _reminderDueTicks.Count;

    /// <summary>Reminders whose moment had passed when the plan was built (the planner skips those at once).</summary>
    public int SkippedAtPlanning { get; private set; }

    public int Recipients { get; private set; }

    public void Add(Interview planned)
    {
        lock (_reminderDueTicks)
        {
            Interviews++;
            Recipients += 1 + planned.Interviewers.Count;
            foreach (var item in planned.Reminders?.Items ?? [])
            {
                switch (item)
                {
                    case { Kind: PlannedEmailKind.Invitation }:
                        Invitations++;
                        break;
                    case { Kind: PlannedEmailKind.Reminder, State: PlannedEmailState.Pending }:
                        _reminderDueTicks.Add(item.DueAt.UtcTicks);
                        break;
                    case { Kind: PlannedEmailKind.Reminder, State: PlannedEmailState.Skipped }:
                        SkippedAtPlanning++;
                        break;
                }
            }
            _sorted = null;
        }
    }

    /// <summary>Reminders due at or before <paramref name="instant"/>.</summary>
    public int DueBy(DateTimeOffset instant)
    {
        long[] sorted;
        lock (_reminderDueTicks)
        {
            sorted = _sorted ??= [.. _reminderDueTicks.Order()];
        }
        var index = Array.BinarySearch(sorted, instant.UtcTicks);
        if (index < 0)
        {
            return ~index;
        }
        // Past every reminder due at exactly this instant.
        while (index < sorted.Length && sorted[index] <= instant.UtcTicks)
        {
            index++;
        }
        return index;
    }
}

/// <summary>
/// Interviews as hiring teams would schedule them: every type, one or two interviewers, candidates and interviewers in
/// several time zones (some across a daylight-saving change within the month), created through the same steps as
/// <c>POST /api/interviews</c>: <see cref="InterviewRules.Create"/>, then the plan, the write and the dispatcher's wake-up.
/// </summary>
internal sealed class ReminderWorkload(IInterviewStore store, InterviewPlanning planning, TimeProvider clock)
{
    private static readonly string[] Tenants = ["bench-a", "bench-b", "bench-c", "bench-d"];
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "America/Los_Angeles", "Australia/Sydney", "UTC"];
    private static readonly InterviewType[] Types = Enum.GetValues<InterviewType>();

    /// <summary>Creates one interview per start, <paramref name="parallelism"/> at a time, as concurrent API calls would.</summary>
    public async Task<PlannedBatch> CreateAsync(IReadOnlyList<DateTimeOffset> starts, int firstNumber, int parallelism, CancellationToken cancellationToken)
    {
        var batch = new PlannedBatch();
        await Parallel.ForEachAsync(Enumerable.Range(0, starts.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var number = firstNumber + i;
                var now = clock.GetUtcNow();
                var (interview, errors) = InterviewRules.Create(Request(number, starts[i]), Tenants[number % Tenants.Length], Guid.CreateVersion7(now).ToString(), now);
                if (interview is null)
                {
                    throw new InvalidOperationException($"The bench's interview {number} was refused: {string.Join("; ", errors.SelectMany(e => e.Value))}");
                }
                var stored = await store.CreateAsync(planning.Replan(null, interview, now), ct);
                planning.Saved(stored);
                batch.Add(stored);
            });
        return batch;
    }

    /// <summary>Starts spread evenly over [<paramref name="from"/>, <paramref name="to"/>), on the 5-minute marks interviews are booked at.</summary>
    public static List<DateTimeOffset> SpreadStarts(int count, DateTimeOffset from, DateTimeOffset to, int seed)
    {
        var random = new Random(seed);
        var slots = (long)((to - from) / TimeSpan.FromMinutes(5));
        return [.. Enumerable.Range(0, count).Select(_ => from + TimeSpan.FromMinutes(5 * random.NextInt64(slots)))];
    }

    private static CreateInterviewRequest Request(int number, DateTimeOffset start)
    {
        var candidateZone = Zones[number % Zones.Length];
        // Most interviews are held in the candidate's zone; every third in the hiring team's.
        var interviewZone = number % 3 == 0 ? Zones[(number / 3) % Zones.Length] : candidateZone;
        List<InterviewerInput> interviewers = [new($"Interviewer {number % 997}", $"interviewer{number % 997}@acme.test")];
        if (number % 2 == 0)
        {
            interviewers.Add(new($"Panelist {number % 499}", $"panelist{number % 499}@acme.test", Zones[(number + 3) % Zones.Length]));
        }
        var remote = number % 4 != 0;
        return new CreateInterviewRequest(
            Candidate: new CandidateInput($"Candidate {number}", $"candidate{number}@example.com", candidateZone),
            Company: $"Company {number % 50}",
            Role: number % 5 == 0 ? "Staff Engineer" : "Software Engineer",
            JobId: $"job-{number % 200}",
            Type: Types[number % Types.Length].ToWire(),
            ScheduledStart: start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            TimeZone: interviewZone,
            DurationMinutes: 30 + 15 * (number % 5),
            Interviewers: interviewers,
            Location: remote ? null : "Building 2, room 4.12",
            MeetingLink: remote ? $"https://meet.example.com/{number}" : null,
            Notes: number % 10 == 0 ? "Bring a laptop; the exercise needs a browser." : null);
    }
}
