using System.Net;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>The bank is loaded once at start, from the files copied next to the app, and a bad file stops the start.</summary>
public sealed class QuestionBankStartTests
{
    [Fact]
    public void The_build_output_carries_the_bank_and_the_app_loads_it_from_there()
    {
        using var app = new TestApp();
        using var client = app.ClientFor(TestApp.AcmeAdmin);
        var source = app.Services.GetRequiredService<QuestionBankSource>();

        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, QuestionBankLoader.FolderName, "domains", "registered-nursing.json")));
        // Loaded by the start-up warm-up, before any request asked for it.
        Assert.True(source.LoadTime > TimeSpan.Zero);
        Assert.Same(source.Bank, app.Services.GetRequiredService<InterviewFunctions.Core.Preparation.Bank.QuestionBank>());
        Assert.Equal(38, source.Bank.Domains.Count);
    }

    [Fact]
    public void A_broken_bank_file_stops_the_start_with_the_file_and_the_problem()
    {
        using var copy = new BankCopy();
        copy.Edit("domains/culinary.json", f => BankCopy.Question(f, 2)["difficulty"] = "spicy");
        using var app = new TestApp(new Dictionary<string, string?> { ["QuestionBank:Directory"] = copy.Directory });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = Flatten(failure);
        Assert.Contains("domains/culinary.json: question 'culinary-003': 'difficulty' is 'spicy'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bank_folder_stops_the_start()
    {
        var missing = Path.Combine(Path.GetTempPath(), "if-no-bank-" + Guid.NewGuid().ToString("N"));
        using var app = new TestApp(new Dictionary<string, string?> { ["QuestionBank:Directory"] = missing });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("the question bank's folder does not exist", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bank_folder_given_in_settings_is_used()
    {
        using var copy = new BankCopy();
        copy.Edit("domains/sales.json", f => BankCopy.Question(f, 0)["text"] = "What is the first thing you do with a brand new territory of accounts?");
        using var app = new TestApp(new Dictionary<string, string?> { ["QuestionBank:Directory"] = copy.Directory });
        using var client = app.ClientFor(TestApp.AcmeCandidate);

        using var response = await client.GetAsync("/api/questions/sales-001");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("What is the first thing you do with a brand new territory of accounts?", (string)(await response.JsonAsync())["text"]!);
    }

    private static string Flatten(Exception e) => e is AggregateException a
        ? string.Join("\n", a.Flatten().InnerExceptions.Select(Flatten))
        : e.Message + (e.InnerException is null ? "" : "\n" + Flatten(e.InnerException));
}
