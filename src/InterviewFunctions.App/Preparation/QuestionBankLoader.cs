using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Preparation;

public sealed class QuestionBankOptions
{
    public const string Section = "QuestionBank";

    /// <summary>The folder holding the bank's files; empty for the <c>question-bank</c> folder next to the executable.</summary>
    public string Directory { get; set; } = "";

    public string DirectoryFullPath => Directory.Length == 0
        ? Path.Combine(AppContext.BaseDirectory, QuestionBankLoader.FolderName)
        : Path.GetFullPath(Directory);
}

/// <summary>The bank cannot be used: the message lists every problem, each with its file.</summary>
public sealed class QuestionBankException(string message) : Exception(message);

// Case-sensitive camelCase, as the files are written: faster to match than the web default's case-insensitive names.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, AllowTrailingCommas = false, ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(BankFileData))]
internal sealed partial class BankJsonContext : JsonSerializerContext;

/// <summary>Reads the bank's files from disk, checks them with <see cref="BankRules"/> and builds the bank.</summary>
public static class QuestionBankLoader
{
    public const string FolderName = "question-bank";

    /// <summary>The folders a bank has, one per kind of file.</summary>
    public static readonly IReadOnlyList<string> Folders = ["domains", "it", "algorithms"];

    public sealed record ReadResult(IReadOnlyList<BankFileSource> Files, IReadOnlyList<BankProblem> Problems, string Version);

    /// <summary>Every file parsed and every problem found (unreadable files and broken rules alike).</summary>
    public static ReadResult Read(string directory)
    {
        var files = new List<BankFileSource>();
        var problems = new List<BankProblem>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!System.IO.Directory.Exists(directory))
        {
            problems.Add(new BankProblem(directory, "the question bank's folder does not exist."));
            return new ReadResult(files, problems, "");
        }
        var found = new List<(string Relative, string Path)>();
        foreach (var folder in Folders)
        {
            var path = Path.Combine(directory, folder);
            var inFolder = System.IO.Directory.Exists(path)
                ? System.IO.Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToList()
                : [];
            if (inFolder.Count == 0)
            {
                problems.Add(new BankProblem(folder + "/", "the folder is missing or holds no .json file."));
            }
            found.AddRange(inFolder.Select(file => ($"{folder}/{Path.GetFileName(file)}", file)));
        }
        // Parsed in parallel (the files are independent), then taken in a fixed order, so problems and version are stable.
        var parsed = new (byte[] Bytes, BankFileData? Content, string? Error)[found.Count];
        Parallel.For(0, found.Count, i =>
        {
            var bytes = File.ReadAllBytes(found[i].Path);
            try
            {
                parsed[i] = (bytes, JsonSerializer.Deserialize(bytes, BankJsonContext.Default.BankFileData), null);
            }
            catch (JsonException e)
            {
                parsed[i] = (bytes, null, $"not a valid bank file: {e.Message}");
            }
        });
        for (var i = 0; i < found.Count; i++)
        {
            var (bytes, content, error) = parsed[i];
            hash.AppendData(Encoding.UTF8.GetBytes(found[i].Relative + "\0"));
            hash.AppendData(bytes);
            if (error is not null)
            {
                problems.Add(new BankProblem(found[i].Relative, error));
            }
            else if (content is null)
            {
                problems.Add(new BankProblem(found[i].Relative, "the file holds null instead of an object."));
            }
            files.Add(new BankFileSource(found[i].Relative, content));
        }
        problems.AddRange(BankRules.Validate(files));
        var version = $"{BankRules.SchemaVersion}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..12]}";
        return new ReadResult(files, problems, version);
    }

    /// <summary>The bank, or a <see cref="QuestionBankException"/> listing every problem.</summary>
    public static QuestionBank Load(string directory)
    {
        var read = Read(directory);
        if (read.Problems.Count > 0)
        {
            throw new QuestionBankException(
                $"The question bank in {directory} is not valid ({read.Problems.Count} {(read.Problems.Count == 1 ? "problem" : "problems")}):{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", read.Problems));
        }
        return BankRules.Build(read.Files, read.Version);
    }
}

/// <summary>The bank, loaded once per process on first use (or by the warm-up at start), with how long that took.</summary>
public sealed partial class QuestionBankSource
{
    private readonly Lazy<QuestionBank> _bank;

    public QuestionBankSource(IOptions<QuestionBankOptions> options, ILogger<QuestionBankSource> logger)
    {
        var directory = options.Value.DirectoryFullPath;
        _bank = new Lazy<QuestionBank>(() =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var bank = QuestionBankLoader.Load(directory);
                LoadTime = watch.Elapsed;
                Loaded(logger, bank.Version, bank.Domains.Count, bank.Questions.Count, LoadTime.TotalMilliseconds);
                return bank;
            }
            catch (QuestionBankException e)
            {
                Invalid(logger, e.Message);
                throw;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Blocks only until the first load finishes; throws <see cref="QuestionBankException"/> on a bad bank.</summary>
    public QuestionBank Bank => _bank.Value;

    public TimeSpan LoadTime { get; private set; }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question bank {Version} loaded: {Domains} domains, {Questions} questions in {ElapsedMilliseconds:0.0} ms")]
    private static partial void Loaded(ILogger logger, string version, int domains, int questions, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The question bank cannot be loaded, so the app does not start. {Problems}")]
    private static partial void Invalid(ILogger logger, string problems);
}

/// <summary>
/// Loads the bank and builds the generator's indexes on the thread pool while the server starts, so that the first
/// request does not pay; then fails the start, naming the file and the problem, if the bank is not valid.
/// </summary>
internal sealed class QuestionBankWarmUp(IServiceProvider services) : IHostedLifecycleService
{
    private Task _loading = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(() =>
        {
            services.GetRequiredService<QuestionBank>();
            services.GetRequiredService<QuestionGenerator>();
        }, cancellationToken);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => _loading.WaitAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class QuestionBankRegistration
{
    public static IServiceCollection AddQuestionBank(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QuestionBankOptions>(configuration.GetSection(QuestionBankOptions.Section));
        services.AddSingleton<QuestionBankSource>();
        services.AddSingleton(sp => sp.GetRequiredService<QuestionBankSource>().Bank);
        services.AddSingleton(sp => new QuestionGenerator(sp.GetRequiredService<QuestionBank>()));
        // The offline engine is the only one so far; an AI engine would be registered ahead of it when configured.
        services.AddSingleton<IQuestionGenerator>(sp => sp.GetRequiredService<QuestionGenerator>());
        services.AddHostedService<QuestionBankWarmUp>();
        return services;
    }
}
