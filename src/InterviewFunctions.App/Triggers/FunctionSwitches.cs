namespace InterviewFunctions.App.Triggers;

/// <summary>
/// The Functions host's own switch, <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled</c>, honoured standalone for the queue
/// and timer functions the app runs itself, so one setting stops a trigger in both modes (under the host, the host
/// reads it). A stopped queue function leaves its messages queued for when it runs again.
/// </summary>
public static class FunctionSwitches
{
    public static string SettingName(string functionName) => $"AzureWebJobs.{functionName}.Disabled";

    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        // Environment variables cannot carry dots everywhere, so the nested form (AzureWebJobs__Name__Disabled) counts too.
        var value = configuration[SettingName(functionName)] ?? configuration[$"AzureWebJobs:{functionName}:Disabled"];
        return value is not null && (bool.TryParse(value, out var disabled) ? disabled : value.Trim() == "1");
    }
}
