namespace InterviewFunctions.App.Calendar;

public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    /// <summary>The queue webhook deliveries are worked from, and held cancellations wait in.</summary>
    public string QueueName { get; set; } = "calendar-events";

    /// <summary>
    /// A cancellation and a new booking for the same invitee and event type within this window are one reschedule. A
    /// cancellation waits this long (as a delayed queue message) before it cancels the interview. Zero cancels at once.
    /// </summary>
    public TimeSpan ReschedulePairingWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How old a Calendly signature timestamp may be (either way) before the delivery counts as a replay.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The public base URL providers deliver to (e.g. https://myapp.azurewebsites.net); subscriptions point at {PublicBaseUrl}/api/webhooks/….</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Microsoft Graph's REST root.</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Google Calendar API's REST root.</summary>
    public string GoogleBaseUrl { get; set; } = "https://www.googleapis.com/calendar/v3";

    /// <summary>
    /// The Google workload identity pool provider that trusts the app's Entra ID tokens, as STS wants it:
    /// <c>//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER</c>. Set, Google
    /// calls use workload identity federation; empty, they take their token from the injected credential as it is (a
    /// developer's own setup).
    /// </summary>
    public string GoogleWorkloadIdentityAudience { get; set; } = "";

    /// <summary>The Entra ID scope whose token the pool provider accepts: the application ID URI it lists as allowed audience, plus <c>/.default</c> (e.g. <c>api://google-federation/.default</c>).</summary>
    public string GoogleEntraScope { get; set; } = "";

    /// <summary>The Google service account the federated identity impersonates for Calendar; empty to call Calendar with the federated token itself.</summary>
    public string GoogleServiceAccountEmail { get; set; } = "";

    /// <summary>Google's Security Token Service token endpoint.</summary>
    public string GoogleStsUrl { get; set; } = "https://sts.googleapis.com/v1/token";

    /// <summary>The IAM Service Account Credentials API's REST root (generateAccessToken).</summary>
    public string GoogleIamCredentialsBaseUrl { get; set; } = "https://iamcredentials.googleapis.com/v1";

    /// <summary>Whether Google calls go through workload identity federation rather than the injected credential.</summary>
    public bool UsesGoogleWorkloadIdentity => !string.IsNullOrWhiteSpace(GoogleWorkloadIdentityAudience);

    /// <summary>How long a new Graph subscription asks to live (calendar event subscriptions last at most 4,230 minutes).</summary>
    public TimeSpan GraphSubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(4200);

    /// <summary>
    /// How far ahead a Graph delta resync (after Graph reports missed notifications) reads the calendar; it reads from a
    /// day back. A stored delta round is restarted once less than half of this lies ahead of its window's end.
    /// </summary>
    public TimeSpan GraphResyncLookAhead { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a new Google channel asks to live.</summary>
    public TimeSpan GoogleChannelLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Subscriptions and channels lapsing within this time are renewed by the renewal timer.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Deliveries kept in the log answered by GET /api/calendar/connections/{id}/deliveries.</summary>
    public int DeliveryLogPageSize { get; set; } = 50;
}
