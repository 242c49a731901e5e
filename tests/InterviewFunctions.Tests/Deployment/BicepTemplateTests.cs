using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Deployment;

/// <summary>
/// No Bicep compiler and no Azure are reachable here, so the templates are checked as text: that they hang together
/// (modules, parameters), and that they give the app everything it reads, every queue and container it uses and
/// every role it needs. A failure names what is missing.
/// </summary>
public sealed class BicepTemplateTests
{
    private static readonly string Infra = Path.Combine(RepoPaths.Root, "infra");

    /// <summary>
    /// Settings the app reads that the infra leaves unset, each with the reason. Anything the app reads that is neither
    /// set in infra/main.bicep nor listed here fails the test.
    /// </summary>
    private static readonly Dictionary<string, string> NotSetInAzure = new(StringComparer.Ordinal)
    {
        // Local only: the embedded stores, emulators and keys. Azure uses Cosmos DB, Storage and ACS with the identity.
        ["Storage__DataDirectory"] = "embedded stores only (SQLite, embedded queues, outbox, local files)",
        ["Cosmos__ConnectionString"] = "key authentication; Azure uses Cosmos__AccountEndpoint with the identity",
        ["Cosmos__LimitToEndpoint"] = "emulators only",
        ["Cosmos__AcceptAnyServerCertificate"] = "emulators only",
        ["Queues__ConnectionString"] = "account key or Azurite; Azure uses Queues__ServiceUri with the identity",
        ["AzureOpenAI__ApiKey"] = "key authentication, which the account refuses; the app uses the identity (AZURE_CLIENT_ID)",
        ["Files__Directory"] = "the local file store only",
        ["Files__ConnectionString"] = "account key or Azurite; Azure uses Files__ServiceUri with the identity",
        ["Email__Acs__ConnectionString"] = "access-key authentication; Azure uses Email__Acs__Endpoint with the identity",
        ["Email__Smtp__Host"] = "the SMTP sender only",
        ["Email__Smtp__Port"] = "the SMTP sender only",
        ["Email__Smtp__EnableSsl"] = "the SMTP sender only",
        ["Email__Smtp__UserName"] = "the SMTP sender only",
        ["Email__Smtp__Password"] = "the SMTP sender only",
        ["Email__Smtp__TimeoutSeconds"] = "the SMTP sender only",
        ["Auth__LocalTenantId"] = "served only to loopback callers when no key is configured",
        // Standalone only: under the Functions host the app turns these off itself (HostingMode.IsCustomHandler).
        ["Queues__ListenersEnabled"] = "standalone listeners; the host runs the triggers",
        ["Reminders__StandaloneDispatch"] = "standalone finder; the host runs the ReminderFinder timer",
        ["Queues__BatchSize"] = "standalone listeners; host.json sets the host's",
        ["Queues__NewBatchThreshold"] = "standalone listeners; host.json sets the host's",
        ["Queues__MaxPollingInterval"] = "standalone listeners; host.json sets the host's",
        ["Queues__VisibilityTimeout"] = "standalone listeners; host.json sets the host's",
        ["Queues__LeaseDuration"] = "standalone listeners",
        ["Queues__MaxDequeueCount"] = "standalone listeners; host.json sets the host's",
        // Set by the operator after deployment: they name the tenants, their callers and their policies.
        ["Auth__ApiKeys__0__Name"] = "per caller, set by the operator",
        ["Auth__ApiKeys__0__Sha256"] = "per caller, set by the operator",
        ["Auth__ApiKeys__0__TenantId"] = "per caller, set by the operator",
        ["Auth__ApiKeys__0__Role"] = "per caller, set by the operator",
        ["Auth__ApiKeys__0__Email"] = "per caller, set by the operator",
        ["Reminders__Tenants__acme__technical"] = "an example of a per-tenant policy",
        // Defaults that fit Azure as they are.
        ["Cosmos__InterviewsContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__IdempotencyContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__StoriesContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__JobsContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__CandidatesContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__MockInterviewsContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__ResumesContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__ScreeningsContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__EvaluationsContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__FeedTokensContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__CalendarContainer"] = "default name, declared in infra/core/cosmos.bicep (checked below)",
        ["Cosmos__ConnectionMode"] = "Gateway works from every plan",
        ["Auth__PrincipalTenantClaim"] = "default claim",
        ["Api__MaxRequestBodyBytes"] = "default limit",
        ["QuestionBank__Directory"] = "the published question-bank folder",
        ["Reminders__FollowUpAfter"] = "default policy",
        ["Reminders__RedeliverAfter"] = "default policy",
        ["Reminders__MaxAttempts"] = "default policy",
        ["Reminders__QueueName"] = "default name, equal to Functions/SendReminder/function.json and declared in infra (checked below)",
        ["Reminders__LookAhead"] = "one minute under the host by default",
        ["Reminders__BatchSize"] = "default batch",
        ["Email__FromName"] = "default display name",
        ["Email__Acs__ApiVersion"] = "default GA version",
        ["Email__Acs__PollInterval"] = "default",
        ["Email__Acs__MaxAttempts"] = "default",
        ["Email__Acs__RetryBaseDelay"] = "default",
        ["Email__Acs__Timeout"] = "default",
        // No speech-to-text adapter exists yet; audio answers are refused whatever this says.
        ["MockInterviews__SpeechToTextEndpoint"] = "no adapter yet",
        // Queue names: the defaults equal the queue triggers' function.json, and infra declares them (checked below).
        ["Screening__QueueName"] = "default name, equal to Functions/ScreenResume/function.json",
        ["Evaluation__QueueName"] = "default name, equal to Functions/EvaluateInterview/function.json",
        ["Calendar__QueueName"] = "default name, equal to Functions/CalendarEvents/function.json",
        // AI call limits: the defaults suit Azure OpenAI's deployments as they are.
        ["AzureOpenAI__TimeoutSeconds"] = "default budget, well inside the host's HTTP timeout",
        ["AzureOpenAI__MaxRetries"] = "default",
        ["AzureOpenAI__Temperature"] = "default",
        ["AzureOpenAI__MaxOutputTokens"] = "default",
        ["AzureOpenAI__MaxAudioBytes"] = "default limit, below the transcription API's own",
        // Input limits and policies of screening, evaluation, calendar sync, feeds and import: the same in Azure.
        ["Screening__MaxUploadBytes"] = "default limit (the upload endpoint's own, not Api__MaxRequestBodyBytes)",
        ["Evaluation__MaxTurns"] = "default limit",
        ["Evaluation__MaxTurnCharacters"] = "default limit",
        ["Evaluation__MaxTranscriptCharacters"] = "default limit, sized to fit a Cosmos DB item",
        ["Evaluation__MaxDecisionNotes"] = "default limit",
        ["StalledWork__ResendAfter"] = "default policy; work that runs longer keeps its record alive with heartbeats",
        ["StalledWork__BatchSize"] = "default batch",
        ["StalledWork__HeartbeatInterval"] = "default heartbeat, well under ResendAfter",
        ["StalledWork__AbandonedAfter"] = "default, between two heartbeats and ResendAfter, under the host's 10-minute message lease",
        ["Calendar__ReschedulePairingWindow"] = "default policy",
        ["Calendar__SignatureTolerance"] = "default policy",
        ["Calendar__GraphBaseUrl"] = "Microsoft Graph's global endpoint; the default suits Azure (a national cloud would set its own)",
        ["Calendar__GoogleBaseUrl"] = "Google Calendar's API root; the default suits Azure",
        ["Calendar__GraphSubscriptionLifetime"] = "default, within Graph's limit for calendar events",
        ["Calendar__GoogleChannelLifetime"] = "default",
        ["Calendar__GoogleStsUrl"] = "Google's global STS endpoint; the default suits Azure",
        ["Calendar__GoogleIamCredentialsBaseUrl"] = "Google's IAM Service Account Credentials API root; the default suits Azure",
        ["Calendar__GraphResyncLookAhead"] = "default window, restarted as it runs short",
        ["Calendar__RenewBefore"] = "default, far longer than the CalendarSubscriptionRenewal timer's 30-minute period",
        ["Calendar__DeliveryLogPageSize"] = "default",
        ["CalendarFeeds__DaysBehind"] = "default window",
        ["CalendarFeeds__DaysAhead"] = "default window",
        ["CalendarFeeds__MaxInterviews"] = "default limit",
        ["CalendarFeeds__MaxTokensPerOwner"] = "default limit",
        ["CalendarFeeds__CalendarName"] = "default display name",
        ["CalendarImport__MaxBytes"] = "default limit",
        ["CalendarImport__MaxEvents"] = "default limit",
        ["CalendarImport__MaxOccurrencesPerEvent"] = "default limit",
        ["CalendarImport__WindowDays"] = "default window",
        ["CalendarImport__MaxWindowDays"] = "default limit",
        ["CalendarImport__DefaultDurationMinutes"] = "default",
        ["CalendarImport__DefaultType"] = "default",
        ["CalendarImport__DefaultCompany"] = "default",
        ["CalendarImport__DefaultRole"] = "default",
    };

    /// <summary>Identity-based connections: the Functions host reads <c>{connection}__{property}</c> for these.</summary>
    private static readonly string[] IdentityConnections = ["AzureWebJobsStorage", "QueueStorage"];

    /// <summary>Settings the Functions host itself reads (not the app), set by the function app module.</summary>
    private static readonly string[] HostSettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    /// <summary>Built-in Azure role definitions the app's identity needs, by id, and on what.</summary>
    private static readonly (string Id, string Name)[] AppRoles =
    [
        ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner (host storage, deployment package, uploads)"),
        ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor (queue triggers and sends)"),
        ("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Cognitive Services OpenAI User"),
        ("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher (Application Insights without keys)"),
    ];

    private static readonly (string Id, string Name)[] UserRoles =
    [
        ("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor"),
        ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"),
        ("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", "Cognitive Services OpenAI User"),
    ];

    private static BicepText Main => BicepText.Load(Path.Combine(Infra, "main.bicep"));

    private static IEnumerable<BicepText> AllTemplates =>
        Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(BicepText.Load);

    [Fact]
    public void Every_module_exists_and_receives_exactly_the_parameters_it_declares_and_requires()
    {
        var problems = new List<string>();
        foreach (var template in AllTemplates)
        {
            foreach (var (symbol, path) in template.Modules())
            {
                var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(template.Path)!, path));
                if (!File.Exists(file))
                {
                    problems.Add($"{template.Name}: module {symbol} names {path}, which does not exist");
                    continue;
                }
                var declared = BicepText.Load(file).Parameters();
                var passed = template.ModuleArguments(symbol);
                problems.AddRange(passed.Except(declared.Select(p => p.Name)).Select(p => $"{template.Name}: module {symbol} passes '{p}', which {path} does not declare"));
                problems.AddRange(declared.Where(p => !p.HasDefault).Select(p => p.Name).Except(passed).Select(p => $"{template.Name}: module {symbol} does not pass '{p}', which {path} requires"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(["app/function-app.bicep", "app/graph-permissions.bicep", "app/roles.bicep", "core/communication.bicep", "core/cosmos.bicep", "core/identity.bicep", "core/monitoring.bicep", "core/openai.bicep", "core/storage.bicep"],
            Main.Modules().Select(m => m.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_declared_parameter_is_used()
    {
        var unused = AllTemplates
            .SelectMany(t => t.Parameters().Where(p => t.CountWord(p.Name) < 2).Select(p => $"{t.Name}: {p.Name}"))
            .ToList();

        Assert.True(unused.Count == 0, "Declared but never used: " + string.Join(", ", unused));
    }

    [Fact]
    public void The_parameters_file_feeds_main_from_the_azd_environment()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = Main.Parameters();
        string Value(string name) => (string)file[name]!["value"]!;

        Assert.Empty(file.Select(p => p.Key).Except(declared.Select(p => p.Name)));
        Assert.Empty(declared.Where(p => !p.HasDefault).Select(p => p.Name).Except(file.Select(p => p.Key)));
        Assert.Equal("${AZURE_ENV_NAME}", Value("environmentName"));
        Assert.Equal("${AZURE_LOCATION}", Value("location"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", Value("principalId"));
        Assert.Matches(@"^targetScope\s*=\s*'subscription'", Main.Code.TrimStart());
        Assert.Single(Main.Resources("Microsoft.Resources/resourceGroups"));
    }

    [Fact]
    public void Every_setting_the_app_reads_is_set_in_Azure_or_listed_with_the_reason_it_is_not()
    {
        var read = SettingsTheAppReads();
        var set = SettingsTheInfraSets();
        bool IsSet(string key) =>
            set.Contains(key)
            // A connection setting is met by its identity-based form, {connection}__accountName / __queueServiceUri …
            || (IdentityConnections.Contains(key) && set.Any(s => s.StartsWith(key + "__", StringComparison.Ordinal)))
            // Flex Consumption takes the worker runtime from functionAppConfig.runtime, and refuses the app setting.
            || (key == "FUNCTIONS_WORKER_RUNTIME" && FlexRuntimeName() == "custom");

        var missing = read.Where(k => !IsSet(k) && !NotSetInAzure.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0,
            "Settings the app reads (local.settings.json.example) that infra/main.bicep's appSettings does not set and that the "
            + "NotSetInAzure list of this test does not excuse; set them in Azure or list them with the reason:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_setting_the_infra_sets_is_one_the_app_or_the_host_reads()
    {
        var read = SettingsTheAppReads();
        var unknown = SettingsTheInfraSets()
            .Where(s => !read.Contains(s)
                        && !HostSettings.Contains(s)
                        && !IdentityConnections.Any(c => s.StartsWith(c + "__", StringComparison.Ordinal)))
            .ToList();

        Assert.True(unknown.Count == 0, "Set in Azure but read by nothing (a typo, or a key missing from local.settings.json.example): " + string.Join(", ", unknown));
        var infra = SettingsTheInfraSets();
        Assert.DoesNotContain(NotSetInAzure.Keys, infra.Contains);
    }

    [Fact]
    public void The_app_reaches_Azure_OpenAI_through_its_v1_endpoint_and_receives_webhooks_at_its_https_host()
    {
        var app = BicepText.Load(Path.Combine(Infra, "app", "function-app.bicep"));
        var openAi = BicepText.Load(Path.Combine(Infra, "core", "openai.bicep"));

        Assert.Equal("openAi.outputs.v1Endpoint", BicepText.Property(Main.VariableBlock("appSettings"), "AzureOpenAI__Endpoint"));
        // The client needs the v1 base beneath the account endpoint, joined by one '/' whether or not ARM ends it with one.
        Assert.Contains("var accountEndpoint = account.properties.endpoint", openAi.Code, StringComparison.Ordinal);
        Assert.Contains("output v1Endpoint string = endsWith(accountEndpoint, '/') ? '${accountEndpoint}openai/v1/' : '${accountEndpoint}/openai/v1/'", openAi.Code, StringComparison.Ordinal);
        Assert.Equal("openAi.outputs.chatDeploymentName", BicepText.Property(Main.VariableBlock("appSettings"), "AzureOpenAI__ChatDeployment"));
        Assert.Equal("openAi.outputs.transcriptionDeploymentName", BicepText.Property(Main.VariableBlock("appSettings"), "AzureOpenAI__TranscriptionDeployment"));
        Assert.Equal("'https://${functionApp.properties.defaultHostName}'", BicepText.Property(app.VariableBlock("addressSettings"), "Calendar__PublicBaseUrl"));
        Assert.Contains("properties: union(hostSettings, addressSettings, appSettings)", app.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_workload_identity_settings_come_from_the_azd_environment_and_are_empty_unless_set()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json")))!["parameters"]!.AsObject();
        var appSettings = Main.VariableBlock("appSettings");
        (string Parameter, string Setting, string Environment)[] settings =
        [
            ("googleWorkloadIdentityAudience", "Calendar__GoogleWorkloadIdentityAudience", "GOOGLE_WORKLOAD_IDENTITY_AUDIENCE"),
            ("googleEntraScope", "Calendar__GoogleEntraScope", "GOOGLE_ENTRA_SCOPE"),
            ("googleServiceAccountEmail", "Calendar__GoogleServiceAccountEmail", "GOOGLE_SERVICE_ACCOUNT_EMAIL"),
        ];

        Assert.All(settings, s =>
        {
            // Empty unless the azd environment sets them: a deployment without a Google pool provider still succeeds.
            Assert.Matches($@"(?m)^param {s.Parameter} string = ''\s*$", Main.Code);
            Assert.Equal(s.Parameter, BicepText.Property(appSettings, s.Setting));
            Assert.Equal($"${{{s.Environment}}}", (string)file[s.Parameter]!["value"]!);
        });
    }

    [Fact]
    public void Outputs_named_as_settings_are_the_settings_the_app_is_deployed_with()
    {
        var read = SettingsTheAppReads();
        var appSettings = Main.VariableBlock("appSettings");
        var outputs = Regex.Matches(Main.Code, @"^output\s+(?<name>\w+__\w+)\s+\w+\s*=\s*(?<value>.+)$", RegexOptions.Multiline)
            .Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value.Trim()))
            .ToList();

        Assert.Contains(outputs, o => o.Name == "AzureOpenAI__Endpoint");
        Assert.All(outputs, o =>
        {
            Assert.True(read.Contains(o.Name), $"output {o.Name} is no setting the app reads");
            Assert.Equal((o.Name, BicepText.Property(appSettings, o.Name)), (o.Name, o.Value));
        });
    }

    [Fact]
    public void Every_queue_the_functions_use_is_created_with_its_poison_queue()
    {
        var used = QueuesTheFunctionsUse();
        var declared = BicepText.Strings(Main.VariableBlock("queueNames"));
        var storage = BicepText.Load(Path.Combine(Infra, "core", "storage.bicep"));

        Assert.Contains("reminders", used);
        var missing = used.Except(declared).ToList();
        Assert.True(missing.Count == 0, "Queues the functions use that infra/main.bicep's queueNames does not create: " + string.Join(", ", missing));
        Assert.All(declared, q => QueueNames.Validate(q));
        Assert.Contains("[queueName, '${queueName}-poison']", storage.Code, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Storage/storageAccounts/queueServices/queues@", storage.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Cosmos_container_the_app_uses_is_declared_partitioned_by_tenant()
    {
        var cosmos = BicepText.Load(Path.Combine(Infra, "core", "cosmos.bicep"));
        var declared = cosmos.VariableBlock("containers");
        var names = Regex.Matches(declared, @"name:\s*'([^']+)'").Select(m => m.Groups[1].Value).ToList();
        var defaults = new CosmosOptions();
        var used = typeof(CosmosOptions).GetProperties()
            .Where(p => p.Name.EndsWith("Container", StringComparison.Ordinal) && p.PropertyType == typeof(string))
            .Select(p => (string)p.GetValue(defaults)!)
            .ToList();

        var missing = used.Except(names).ToList();
        Assert.True(missing.Count == 0, "Cosmos containers the app uses (CosmosOptions defaults) that infra/core/cosmos.bicep does not declare: " + string.Join(", ", missing));
        Assert.Equal(["'/tenantId'"], Regex.Matches(cosmos.Code, @"paths:\s*\[([^\]]*)\]\s*\n\s*kind:\s*'Hash'").Select(m => m.Groups[1].Value.Trim()));
        Assert.Contains("name: 'candidates', indexingPolicy: defaultIndexing, uniqueKeys: [{ paths: ['/email'] }]", declared, StringComparison.Ordinal);
        Assert.Matches(@"name: 'idempotency',[^\n]*defaultTtl: [1-9]\d*", declared);
        Assert.Contains("{ path: '/nextDispatchAt/?' }", cosmos.VariableBlock("interviewsIndexing"), StringComparison.Ordinal);
        Assert.Contains("name: 'interviews', indexingPolicy: interviewsIndexing", declared, StringComparison.Ordinal);
        // A job's ranking (ORDER BY rankScore DESC, id ASC) needs the composite index EnsureCreatedAsync makes.
        Assert.Contains("name: 'screenings', indexingPolicy: screeningsIndexing", declared, StringComparison.Ordinal);
        Assert.Matches(@"\[\s*\{ path: '/rankScore', order: 'descending' \}\s*\{ path: '/id', order: 'ascending' \}\s*\]", cosmos.VariableBlock("screeningsIndexing"));
        // The delivery log's per-item ttl takes effect only with TTL on for the container, and -1 expires nothing else.
        Assert.Matches(@"name: 'calendar',[^\n]*defaultTtl: -1 \}", declared);
        Assert.Contains("{ name: 'EnableServerless' }", cosmos.Code, StringComparison.Ordinal);
        Assert.Equal("true", BicepText.Property(cosmos.Resources("Microsoft.DocumentDB/databaseAccounts").Single().Body, "disableLocalAuth"));
        Assert.Equal(defaults.Database, Regex.Match(cosmos.Code, @"param databaseName string = '([^']+)'").Groups[1].Value);
    }

    [Fact]
    public void Every_role_the_app_needs_is_assigned_to_its_identity_and_the_deploying_user_gets_the_data_roles()
    {
        var roles = BicepText.Load(Path.Combine(Infra, "app", "roles.bicep"));
        var roleIds = Regex.Matches(roles.Code, @"^var\s+(\w+)\s*=\s*'([0-9a-f-]{36})'", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var assignments = roles.Resources("Microsoft.Authorization/roleAssignments")
            .Select(r => (
                Role: Regex.Match(r.Body, @"roleDefinitionId:\s*(?:subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*(\w+)\)|(\w+)\.id)") is var m && m.Groups[1].Success
                    ? roleIds[m.Groups[1].Value]
                    : "custom:" + m.Groups[2].Value,
                Principal: BicepText.Property(r.Body, "principalId")))
            .ToList();
        List<string> MissingFor(string principal, (string Id, string Name)[] required) =>
            required.Where(r => !assignments.Contains((r.Id, principal))).Select(r => $"{r.Name} ({r.Id})").ToList();

        var appMissing = MissingFor("identityPrincipalId", AppRoles);
        var userMissing = MissingFor("userPrincipalId", UserRoles);

        Assert.True(appMissing.Count == 0, "Roles the app's identity lacks: " + string.Join(", ", appMissing));
        Assert.True(userMissing.Count == 0, "Roles the deploying user lacks: " + string.Join(", ", userMissing));
        // Email with Entra ID: a role with exactly the actions Learn names, on the Communication Services resource.
        Assert.Contains(("custom:emailSenderRole", "identityPrincipalId"), assignments);
        Assert.Contains(("custom:emailSenderRole", "userPrincipalId"), assignments);
        var emailRole = roles.Resources("Microsoft.Authorization/roleDefinitions").Single().Body;
        Assert.Equal(["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write"],
            BicepText.Strings(Regex.Match(emailRole, @"actions:\s*\[([^\]]*)\]").Groups[1].Value));
        // Cosmos DB's data plane has its own roles: Built-in Data Contributor for the identity and the user.
        var cosmos = BicepText.Load(Path.Combine(Infra, "core", "cosmos.bicep"));
        Assert.Contains("var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'", cosmos.Code, StringComparison.Ordinal);
        Assert.Single(cosmos.Resources("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
        Assert.Contains("[identity.outputs.principalId, principalId]", Main.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void The_identity_is_granted_Graph_Calendars_Read_through_the_Graph_extension_unless_the_deployer_opts_out()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "bicepconfig.json")))!;
        var graph = BicepText.Load(Path.Combine(Infra, "app", "graph-permissions.bicep"));
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json")))!["parameters"]!;

        // The extension named in the module resolves through bicepconfig.json to a pinned release of the v1.0 types.
        Assert.Matches(@"^br:mcr\.microsoft\.com/bicep/extensions/microsoftgraph/v1\.0:\d+\.\d+\.\d+$", (string)config["extensions"]!["microsoftGraphV1"]!);
        Assert.Matches(@"(?m)^extension\s+microsoftGraphV1\s*$", graph.Code);
        Assert.DoesNotMatch(@"'Microsoft\.Graph/[^'@]+@beta'", graph.Code);
        // Microsoft Graph's own service principal, found by its well-known application id.
        Assert.Matches(@"(?m)^resource\s+microsoftGraph\s+'Microsoft\.Graph/servicePrincipals@v1\.0'\s+existing\s*=", graph.Code);
        var graphPrincipal = Assert.Single(graph.Resources("Microsoft.Graph/servicePrincipals")).Body;
        Assert.Equal("microsoftGraphAppId", BicepText.Property(graphPrincipal, "appId"));
        Assert.Contains("var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'", graph.Code, StringComparison.Ordinal);
        // The assignment: the identity's service principal gets the application permission Calendars.Read on it.
        var assignment = Assert.Single(graph.Resources("Microsoft.Graph/appRoleAssignedTo")).Body;
        Assert.Equal("identityPrincipalId", BicepText.Property(assignment, "principalId"));
        Assert.Equal("microsoftGraph.id", BicepText.Property(assignment, "resourceId"));
        Assert.Equal("calendarsReadAppRoleId", BicepText.Property(assignment, "appRoleId"));
        Assert.Contains("var calendarsReadAppRoleId = '798ee544-9d2d-430c-a058-570e29e34338'", graph.Code, StringComparison.Ordinal);
        // main.bicep hands it the user-assigned identity's principal id, behind the opt-out azd feeds from the environment.
        Assert.Contains(("graphPermissions", "app/graph-permissions.bicep"), Main.Modules());
        Assert.Matches(@"(?m)^module\s+graphPermissions\s+'app/graph-permissions\.bicep'\s*=\s*if\s*\(grantGraphCalendarAccess\)\s*\{", Main.Code);
        Assert.Equal("identity.outputs.principalId", BicepText.Property(Main.ModuleBlock("graphPermissions"), "identityPrincipalId"));
        Assert.Contains(("grantGraphCalendarAccess", true), Main.Parameters());
        Assert.Matches(@"(?m)^param\s+grantGraphCalendarAccess\s+bool\s*=\s*true\s*$", Main.Code);
        Assert.Equal("${GRANT_GRAPH_CALENDAR_ACCESS=true}", (string)parameters["grantGraphCalendarAccess"]!["value"]!);
        Assert.Matches(@"(?m)^output\s+AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID\s+string\s*=\s*identity\.outputs\.principalId\s*$", Main.Code);
    }

    [Fact]
    public void No_service_accepts_keys()
    {
        string Body(string file, string type) => BicepText.Load(Path.Combine(Infra, "core", file)).Resources(type).Single().Body;

        Assert.Equal("false", BicepText.Property(Body("storage.bicep", "Microsoft.Storage/storageAccounts"), "allowSharedKeyAccess"));
        Assert.Equal("true", BicepText.Property(Body("cosmos.bicep", "Microsoft.DocumentDB/databaseAccounts"), "disableLocalAuth"));
        Assert.Equal("true", BicepText.Property(Body("openai.bicep", "Microsoft.CognitiveServices/accounts"), "disableLocalAuth"));
        Assert.Equal("true", BicepText.Property(Body("monitoring.bicep", "Microsoft.Insights/components"), "DisableLocalAuth"));
        Assert.DoesNotContain("listKeys", string.Concat(AllTemplates.Select(t => t.Code)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_app_runs_the_custom_handler_on_Flex_Consumption_with_the_identity()
    {
        var app = BicepText.Load(Path.Combine(Infra, "app", "function-app.bicep"));
        var site = app.Resources("Microsoft.Web/sites").Single().Body;
        var plan = app.Resources("Microsoft.Web/serverfarms").Single().Body;
        var azureYaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));

        Assert.Equal("'functionapp,linux'", BicepText.Property(site, "kind"));
        Assert.Contains("tier: 'FlexConsumption'", plan, StringComparison.Ordinal);
        Assert.Contains("name: 'FC1'", plan, StringComparison.Ordinal);
        Assert.Equal("custom", FlexRuntimeName());
        Assert.Contains("type: 'blobContainer'", site, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", site, StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities: { '${identityId}': {} }", site, StringComparison.Ordinal);
        // Flex Consumption moved these into functionAppConfig (runtime, deployment storage) or dropped them, and rejects a
        // site that sets them.
        Assert.Empty(SettingsTheInfraSets().Intersect(
            ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
             "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "SCM_DO_BUILD_DURING_DEPLOYMENT"]));
        Assert.Matches(@"(?m)^\s*version:\s*'1\.0'\s*$", site);
        Assert.Contains("'azd-service-name': 'api'", Main.Code, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  api:\s*\n    project: \./src/InterviewFunctions\.App\s*\n    language: dotnet\s*\n    host: function\s*$", azureYaml.ReplaceLineEndings("\n"));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "src", "InterviewFunctions.App", "InterviewFunctions.App.csproj")));
    }

    [Fact]
    public void Host_json_declares_the_custom_handler_the_bundle_and_the_queue_settings_the_app_assumes()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "InterviewFunctions.App", "Functions", "host.json")))!;
        var handler = host["customHandler"]!;
        var queues = host["extensions"]!["queues"]!;
        var defaults = new QueueOptions();

        Assert.Equal("InterviewFunctions.App", (string)handler["description"]!["defaultExecutablePath"]!);
        // Beside "description", not inside it.
        Assert.True((bool)handler["enableForwardingHttpRequest"]!);
        Assert.Null(handler["description"]!["enableForwardingHttpRequest"]);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string)host["extensionBundle"]!["id"]!);
        Assert.Equal("[4.*, 5.0.0)", (string)host["extensionBundle"]!["version"]!);
        Assert.Equal(defaults.BatchSize, (int)queues["batchSize"]!);
        Assert.Equal(defaults.MaxDequeueCount, (int)queues["maxDequeueCount"]!);
        Assert.Equal(defaults.VisibilityTimeout, TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", (string)queues["messageEncoding"]!);
        Assert.Equal("api", (string)host["extensions"]!["http"]!["routePrefix"]!);
    }

    private static HashSet<string> SettingsTheAppReads() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.json.example")))!["Values"]!.AsObject()
            .Select(p => p.Key)
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> SettingsTheInfraSets()
    {
        var app = BicepText.Load(Path.Combine(Infra, "app", "function-app.bicep"));
        return Main.ObjectVariableKeys("appSettings")
            .Concat(app.ObjectVariableKeys("hostSettings"))
            .Concat(app.ObjectVariableKeys("addressSettings"))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string? FlexRuntimeName()
    {
        var site = BicepText.Load(Path.Combine(Infra, "app", "function-app.bicep")).Resources("Microsoft.Web/sites").Single().Body;
        return Regex.Match(site, @"runtime:\s*\{\s*name:\s*'([^']*)'").Groups[1].Value;
    }

    /// <summary>The queues in function.json bindings (triggers and outputs), and every options class's QueueName default.</summary>
    private static HashSet<string> QueuesTheFunctionsUse()
    {
        var functions = Path.Combine(RepoPaths.Root, "src", "InterviewFunctions.App", "Functions");
        var fromBindings = Directory.GetFiles(functions, "function.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] is "queueTrigger" or "queue")
            .Select(b => (string)b!["queueName"]!);
        var fromOptions = typeof(QueueOptions).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.Name == "QueueName" && p.PropertyType == typeof(string))
                .Select(p => (string?)p.GetValue(Activator.CreateInstance(t))))
            .OfType<string>();
        return fromBindings.Concat(fromOptions).ToHashSet(StringComparer.Ordinal);
    }
}
