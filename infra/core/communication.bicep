// Communication Services Email with an Azure-managed domain (DoNotReply@<guid>.azurecomm.net): sends at once, with
// the low default quota Azure gives managed domains. A custom domain (DNS verification) is a manual step.
param communicationServiceName string
param emailServiceName string
param dataLocation string
param senderLocalPart string
param tags object

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: { dataLocation: dataLocation }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  // An Azure-managed domain must have this name.
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [managedDomain.id]
  }
}

output name string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}/'
output senderAddress string = '${senderLocalPart}@${managedDomain.properties.mailFromSenderDomain}'
