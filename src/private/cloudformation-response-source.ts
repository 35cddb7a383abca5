/**
 * JavaScript for the inline sources of MATE's custom-resource functions: `respond(event, status, reason,
 * physicalResourceId, data)` answers CloudFormation by a PUT of the response document to the request's presigned
 * response URL. Written out rather than `require('cfn-response')`, which Lambda offers only to functions whose code is
 * inline and whose runtime still bundles it, and which ends the invocation before the request is sent.
 */
export const CLOUDFORMATION_RESPONSE_SOURCE = `
function respond(event, status, reason, physicalResourceId, data) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: physicalResourceId, Data: data,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = require('https').request(event.ResponseURL, {
      method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', reject);
    request.end(body);
  });
}
`;
