// Interview Functions in Azure: one resource group holding the function app (a custom handler on Flex Consumption) and
// everything it talks to, reached with one user-assigned managed identity. No key or connection string is configured
// anywhere: Storage, Cosmos DB and Azure OpenAI have key access turned off, and every data-plane right is a role.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of the resource group and of every regional resource. It must offer Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Region of the Azure OpenAI account, where the chosen models are offered; the main region by default.')
param openAiLocation string = ''

@description('The deploying user (azd sets AZURE_PRINCIPAL_ID): the same data-plane roles as the app, to run and debug it locally against these resources. Empty to grant nothing.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('What principalId is: a user signed in to azd, or a pipeline service principal.')
param principalType string = 'User'

@description('Grant the app\'s identity the Microsoft Graph application permission Calendars.Read, which Graph calendar sync needs. The deploying principal must hold Privileged Role Administrator or Global Administrator in the tenant; false (azd env GRANT_GRAPH_CALENDAR_ACCESS) leaves the grant to a tenant admin, as the README shows.')
param grantGraphCalendarAccess bool = true

@description('The chat model deployed for screening, evaluation and question generation.')
param chatModelName string = 'gpt-4o-mini'
param chatModelVersion string = '2024-07-18'
param chatDeploymentSku string = 'GlobalStandard'
@description('Thousands of tokens per minute.')
param chatDeploymentCapacity int = 10

@description('The speech-to-text model for transcripts and mock interview answers; empty to deploy none.')
param transcriptionModelName string = 'whisper'
param transcriptionModelVersion string = '001'
param transcriptionDeploymentSku string = 'Standard'
param transcriptionDeploymentCapacity int = 1

@description('Where Communication Services keeps email data at rest.')
param emailDataLocation string = 'United States'

@description('The local part of the sender address on the Azure-managed email domain.')
param emailSenderLocalPart string = 'DoNotReply'

// Google Calendar from Azure by workload identity federation: the managed identity's Entra ID token for googleEntraScope
// is exchanged at Google's STS through the pool provider named by googleWorkloadIdentityAudience, then impersonates
// googleServiceAccountEmail. All empty: Google calendar connections stay unusable in Azure, everything else works.
@description('The Google workload identity pool provider, //iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER; empty to leave Google Calendar off.')
param googleWorkloadIdentityAudience string = ''
@description('The Entra ID scope the pool provider accepts: its allowed audience (an application ID URI) plus /.default.')
param googleEntraScope string = ''
@description('The Google service account the federated identity impersonates to read calendars; empty to use the federated token itself.')
param googleServiceAccountEmail string = ''

@description('Memory of each Flex Consumption instance; the platform offers 512, 2048 and 4096 MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-${resourceToken}'
// Flex Consumption deploys from a blob container; one per app.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'
var uploadsContainerName = 'uploads'

// Every queue the functions listen on or send to: the queue triggers in Functions/*/function.json and the options'
// QueueName settings. The storage module adds each one's '-poison' queue, where the host moves a message after
// maxDequeueCount failed deliveries.
var queueNames = [
  // SendReminder: reminders due now, from the ReminderFinder timer.
  'reminders'
  // ScreenResume: resumes to screen against a job.
  'screenings'
  // EvaluateInterview: transcripts to evaluate.
  'evaluations'
  // CalendarEvents: webhook deliveries to apply, and cancellations held for the reschedule pairing window.
  'calendar-events'
]

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    blobContainerNames: [deploymentContainerName, uploadsContainerName]
    queueNames: queueNames
  }
}

module cosmos 'core/cosmos.bicep' = {
  name: 'cosmos'
  scope: resourceGroup
  params: {
    accountName: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    dataContributorPrincipalIds: empty(principalId) ? [identity.outputs.principalId] : [identity.outputs.principalId, principalId]
  }
}

module communication 'core/communication.bicep' = {
  name: 'communication'
  scope: resourceGroup
  params: {
    communicationServiceName: 'acs-${resourceToken}'
    emailServiceName: 'ecs-${resourceToken}'
    dataLocation: emailDataLocation
    senderLocalPart: emailSenderLocalPart
    tags: tags
  }
}

module openAi 'core/openai.bicep' = {
  name: 'openai'
  scope: resourceGroup
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    chatModelName: chatModelName
    chatModelVersion: chatModelVersion
    chatDeploymentSku: chatDeploymentSku
    chatDeploymentCapacity: chatDeploymentCapacity
    transcriptionModelName: transcriptionModelName
    transcriptionModelVersion: transcriptionModelVersion
    transcriptionDeploymentSku: transcriptionDeploymentSku
    transcriptionDeploymentCapacity: transcriptionDeploymentCapacity
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: resourceGroup
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    storageAccountName: storage.outputs.name
    openAiAccountName: openAi.outputs.name
    communicationServiceName: communication.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// A directory grant rather than an Azure role, hence its own module with the Microsoft Graph extension.
module graphPermissions 'app/graph-permissions.bicep' = if (grantGraphCalendarAccess) {
  name: 'graph-permissions'
  scope: resourceGroup
  params: {
    identityPrincipalId: identity.outputs.principalId
  }
}

// What the app reads (local.settings.json.example names every key), set for Azure. Keys whose defaults already fit
// Azure are left out; BicepTemplateTests lists which and why.
var appSettings = {
  // User-assigned identity: DefaultAzureCredential picks it by client id for Cosmos DB, Storage, ACS and OpenAI.
  AZURE_CLIENT_ID: identity.outputs.clientId

  Storage__Provider: 'cosmos'
  Cosmos__AccountEndpoint: cosmos.outputs.endpoint
  Cosmos__Database: cosmos.outputs.databaseName
  // Data-plane roles cannot create databases or containers; this template does.
  Cosmos__CreateIfMissing: 'false'

  Queues__Provider: 'azure'
  Queues__ServiceUri: storage.outputs.queueEndpoint
  // The Functions host's queue triggers ("connection": "QueueStorage") with the same identity.
  QueueStorage__queueServiceUri: storage.outputs.queueEndpoint
  QueueStorage__credential: 'managedidentity'
  QueueStorage__clientId: identity.outputs.clientId

  Files__Provider: 'blob'
  Files__ServiceUri: storage.outputs.blobEndpoint
  Files__Container: uploadsContainerName
  Files__CreateContainer: 'false'

  Email__Provider: 'acs'
  Email__Acs__Endpoint: communication.outputs.endpoint
  Email__From: communication.outputs.senderAddress

  // The v1 API with the identity: the account refuses keys, so AzureOpenAI__ApiKey stays unset. An empty transcription
  // deployment (transcriptionModelName '') leaves voice answers to the offline engine.
  AzureOpenAI__Endpoint: openAi.outputs.v1Endpoint
  AzureOpenAI__ChatDeployment: openAi.outputs.chatDeploymentName
  AzureOpenAI__TranscriptionDeployment: openAi.outputs.transcriptionDeploymentName

  // Google Calendar by workload identity federation (STS and IAM Credentials at their default, global endpoints).
  Calendar__GoogleWorkloadIdentityAudience: googleWorkloadIdentityAudience
  Calendar__GoogleEntraScope: googleEntraScope
  Calendar__GoogleServiceAccountEmail: googleServiceAccountEmail
}

// Calendar__PublicBaseUrl, the address calendar providers deliver webhooks to, is the site's own default host name;
// app/function-app.bicep sets it, as only the site knows it.

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
  }
  // The host must be able to reach its storage as soon as it starts.
  dependsOn: [roles]
}

// Named as the app's configuration keys: `azd env get-values` gives a local run the same settings (with your own login
// instead of the managed identity; principalId holds the same roles).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
// The identity's service principal: what a tenant admin grants Calendars.Read to when grantGraphCalendarAccess is
// false, and the subject (sub) of its Entra ID tokens that a Google pool provider's principal binding names.
output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output GRAPH_CALENDAR_ACCESS_GRANTED bool = grantGraphCalendarAccess
output SERVICE_API_ENDPOINTS array = ['https://${functionApp.outputs.defaultHostName}/api']
output Storage__Provider string = 'cosmos'
output Cosmos__AccountEndpoint string = cosmos.outputs.endpoint
output Cosmos__Database string = cosmos.outputs.databaseName
output Queues__Provider string = 'azure'
output Queues__ServiceUri string = storage.outputs.queueEndpoint
output Files__Provider string = 'blob'
output Files__ServiceUri string = storage.outputs.blobEndpoint
output Files__Container string = uploadsContainerName
output Email__Provider string = 'acs'
output Email__Acs__Endpoint string = communication.outputs.endpoint
output Email__From string = communication.outputs.senderAddress
output AzureOpenAI__Endpoint string = openAi.outputs.v1Endpoint
output AzureOpenAI__ChatDeployment string = openAi.outputs.chatDeploymentName
output AzureOpenAI__TranscriptionDeployment string = openAi.outputs.transcriptionDeploymentName
// No Calendar__PublicBaseUrl: a local run must have webhooks delivered to its own address, not to the deployed app.
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
