using System.Globalization;
using System.Net;
using System.Text.Json;

namespace InterviewFunctions.Bench;

/// <summary>The requests the bench sends, and the interviews it seeds so that reads find something.</summary>
internal sealed class Workload
{
    private readonly Uri _baseAddress;
    private readonly Uri _live;
    private readonly Uri _interviews;
    private readonly Uri _upcoming;
    private readonly byte[] _createBody;

    public Workload(Uri baseAddress, DateTimeOffset now)
    {
        _baseAddress = baseAddress;
        _live = new Uri(baseAddress, "api/health/live");
        _interviews = new Uri(baseAddress, "api/interviews");
        _upcoming = new Uri(baseAddress, "api/interviews/upcoming");
        // Every POST sends these same bytes: the server gives each a new id, so each creates a new interview. The start is
        // ~100 days ahead (inside the 730-day limit, outside the 7-day upcoming window) at 10:00 in a +01:00 offset.
        _createBody = CreateBody(0, new DateTimeOffset(now.UtcDateTime.Date.AddDays(100).AddHours(10), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(1)));
    }

    public LoadTarget Ceiling => new("GET /api/health/live", () => new HttpRequestMessage(HttpMethod.Get, _live));

    public LoadTarget Create => new("POST /api/interviews", () =>
    {
        var content = new ByteArrayContent(_createBody);
        // Unvalidated: stored as text and written as is, without parsing a media type per request.
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return new HttpRequestMessage(HttpMethod.Post, _interviews) { Content = content };
    });

    public LoadTarget Upcoming => new("GET /api/interviews/upcoming", () => new HttpRequestMessage(HttpMethod.Get, _upcoming));

    /// <summary>Reads of random seeded interviews; the URIs are built once so that a request costs only its message.</summary>
    public LoadTarget GetById(IReadOnlyList<string> ids)
    {
        // Random.Shared: thread-safe and allocation-free; the pick needs spread, not unpredictability.
        var uris = ids.Select(id => new Uri(_baseAddress, $"api/interviews/{id}")).ToArray();
        return new("GET /api/interviews/{id}", () => new HttpRequestMessage(HttpMethod.Get, uris[Random.Shared.Next(uris.Length)]));
    }

    /// <summary>Creates one interview per start time, a few at a time; returns their ids in the same order.</summary>
    public async Task<string[]> SeedAsync(HttpClient client, IReadOnlyList<DateTimeOffset> starts, CancellationToken cancellationToken)
    {
        var ids = new string[starts.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, starts.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                using var content = new ByteArrayContent(CreateBody(i + 1, starts[i]));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                using var response = await client.PostAsync(_interviews, content, ct);
                if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location is not { } location)
                {
                    throw new InvalidOperationException($"Seeding failed: POST /api/interviews answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
                ids[i] = location.OriginalString[(location.OriginalString.LastIndexOf('/') + 1)..];
            });
        return ids;
    }

    /// <summary>How many interviews <c>GET /api/interviews/upcoming</c> answers with, and how many bytes that is.</summary>
    public async Task<(int Items, int Bytes)> CheckUpcomingAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var body = await client.GetByteArrayAsync(_upcoming, cancellationToken);
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.GetProperty("items").GetArrayLength(), body.Length);
    }

    /// <summary>A valid create body: IANA time zone for the candidate, an explicit offset on the start.</summary>
    private static byte[] CreateBody(int n, DateTimeOffset start) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        candidate = new { name = $"Candidate {n}", email = $"candidate{n}@example.com", timeZone = "Europe/Berlin" },
        company = "Contoso",
        role = "Backend Engineer",
        type = "technical",
        scheduledStart = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        durationMinutes = 60,
        interviewers = new[] { new { name = "Grace Hopper", email = "grace@example.com" } },
        location = "Room 4",
        meetingLink = "https://meet.example.com/bench",
    });
}
