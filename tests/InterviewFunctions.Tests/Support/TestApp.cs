using InterviewFunctions.App.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// The real app in process, on its own embedded store in a temporary folder, with a hand-moved clock and a set of
/// API keys for two tenants. Only the clock and the settings are swapped; everything else is the production wiring.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string AcmeAdmin = "key-acme-admin";
    public const string AcmeRecruiter = "key-acme-recruiter";
    public const string AcmeInterviewer = "key-acme-interviewer-bob";
    public const string AcmeOtherInterviewer = "key-acme-interviewer-eve";
    public const string AcmeCandidate = "key-acme-candidate-ada";
    public const string GlobexAdmin = "key-globex-admin";

    public const string BobEmail = "bob@acme.test";
    public const string EveEmail = "eve@acme.test";
    public const string AdaEmail = "ada@example.com";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataDirectory;

    /// <param name="dataDirectory">A data directory to reuse, as a restarted process would; kept when this app is disposed.</param>
    public TestApp(
        IDictionary<string, string?>? settings = null,
        bool withApiKeys = true,
        string? dataDirectory = null,
        FakeClock? clock = null)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? RepoPaths.NewTempDirectory("if-app");
        Clock = clock ?? new FakeClock();
        _settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = DataDirectory };
        if (withApiKeys)
        {
            AddKey(0, AcmeAdmin, "acme", "admin", null);
            AddKey(1, AcmeRecruiter, "acme", "recruiter", null);
            AddKey(2, AcmeInterviewer, "acme", "interviewer", BobEmail);
            AddKey(3, AcmeOtherInterviewer, "acme", "interviewer", EveEmail);
            AddKey(4, AcmeCandidate, "acme", "candidate", AdaEmail);
            AddKey(5, GlobexAdmin, "globex", "admin", null);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public FakeClock Clock { get; }

    public string DataDirectory { get; }

    /// <summary>Services added after the app's own, e.g. a test-only queue or timer function.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public HttpClient ClientFor(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_ownsDataDirectory)
            {
                RepoPaths.DeleteQuietly(DataDirectory);
            }
        }
    }

    private void AddKey(int index, string key, string tenant, string role, string? email)
    {
        _settings[$"Auth:ApiKeys:{index}:Name"] = key;
        _settings[$"Auth:ApiKeys:{index}:Sha256"] = CallerDirectory.HashKey(key);
        _settings[$"Auth:ApiKeys:{index}:TenantId"] = tenant;
        _settings[$"Auth:ApiKeys:{index}:Role"] = role;
        _settings[$"Auth:ApiKeys:{index}:Email"] = email;
    }
}
