import type * as z from 'zod';
import * as am from './assessment';
import * as ar from './area-api';
import * as bl from './bulletins';
import * as ck from './checks';
import * as c from './commitments';
import * as db from './dashboard';
import * as h from './hazard-api';
import * as inv from './invitations';
import * as l from './ledger';
import * as lg from './ledgers';
import * as mp from './map';
import * as md from './my-data';
import * as nt from './notices';
import * as r from './reward-api';
import * as s from './schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContract {
  method: HttpMethod;
  /** Path as the HTTP API declares it, `{name}` for a path parameter. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Callable without a token. */
  anonymous?: true;
}

/** The API's contract, read by the handlers and by the mini-program's client alike. */
export const api = {
  wechatLogin: { method: 'POST', path: '/auth/wechat', body: s.WechatLoginBody, response: s.SessionResponse, anonymous: true },
  devUsers: { method: 'GET', path: '/auth/dev-users', response: s.DevUsersResponse, anonymous: true },
  devLogin: { method: 'POST', path: '/auth/dev', body: s.DevLoginBody, response: s.SessionResponse, anonymous: true },
  me: { method: 'GET', path: '/me', response: s.MeResponse },
  bindPhone: { method: 'POST', path: '/me/phone', body: s.BindPhoneBody, response: s.MeResponse },
  updateMe: { method: 'PUT', path: '/me', body: s.UpdateMeBody, response: s.MeResponse },
  listAreas: { method: 'GET', path: '/areas', query: s.ListAreasQuery, response: s.AreasResponse },
  createArea: { method: 'POST', path: '/areas', body: s.CreateAreaBody, response: s.AreaResponse },
  assignGridworker: { method: 'PUT', path: '/areas/gridworker', body: s.AssignGridworkerBody, response: s.AreaResponse },
  updateArea: { method: 'PUT', path: '/areas', body: ar.UpdateAreaBody, response: s.AreaResponse },
  importBoundaries: { method: 'POST', path: '/areas/boundaries', body: ar.ImportBoundariesBody, response: ar.ImportBoundariesResponse },
  listUsers: { method: 'GET', path: '/users', query: s.ListUsersQuery, response: s.UsersResponse },
  setUserStatus: { method: 'PUT', path: '/users/{id}/status', params: s.IdParams, body: inv.SetUserStatusBody, response: s.UserResponse },
  createInvitation: { method: 'POST', path: '/invitations', body: inv.CreateInvitationBody, response: inv.InvitationResponse },
  listInvitations: { method: 'GET', path: '/invitations', query: inv.ListInvitationsQuery, response: inv.InvitationsResponse },
  updateInvitation: { method: 'PUT', path: '/invitations/{id}', params: s.IdParams, body: inv.UpdateInvitationBody, response: inv.InvitationResponse },
  previewInvitation: { method: 'GET', path: '/invitations/{id}/preview', params: s.IdParams, response: inv.InvitationPreviewResponse },
  acceptInvitation: { method: 'POST', path: '/me/invitations', body: inv.AcceptInvitationBody, response: inv.AcceptInvitationResponse },
  setGrants: { method: 'PUT', path: '/users/{id}/grants', params: s.IdParams, body: s.SetGrantsBody, response: s.UserResponse },
  setGridworkerLevel: {
    method: 'PUT',
    path: '/users/{id}/gridworker-level',
    params: s.IdParams,
    body: s.SetGridworkerLevelBody,
    response: s.UserResponse,
  },
  gridworkerHome: { method: 'GET', path: '/gridworker/grids', response: s.GridworkerHomeResponse },

  listEnterprises: { method: 'GET', path: '/enterprises', query: l.ListEnterprisesQuery, response: l.EnterprisesResponse },
  getEnterprise: { method: 'GET', path: '/enterprises/{id}', params: l.EnterpriseIdParams, response: l.EnterpriseResponse },
  enterpriseWorkers: { method: 'GET', path: '/enterprises/{id}/workers', params: l.EnterpriseIdParams, response: inv.WorkersResponse },
  removeWorker: { method: 'DELETE', path: '/enterprises/{id}/workers/{userId}', params: inv.WorkerParams, response: s.UserResponse },
  createEnterprise: { method: 'POST', path: '/enterprises', body: l.CreateEnterpriseBody, response: l.EnterpriseResponse },
  updateEnterprise: {
    method: 'PUT',
    path: '/enterprises/{id}',
    params: l.EnterpriseIdParams,
    body: l.UpdateEnterpriseBody,
    response: l.EnterpriseResponse,
  },
  createPhotoUpload: {
    method: 'POST',
    path: '/enterprises/{id}/photo-uploads',
    params: l.EnterpriseIdParams,
    body: l.CreatePhotoUploadBody,
    response: l.UploadResponse,
  },
  createUpload: { method: 'POST', path: '/uploads', body: l.CreateUploadBody, response: l.UploadResponse },
  importTemplate: { method: 'GET', path: '/enterprises/import-template', response: l.FileUrlResponse },
  startImport: { method: 'POST', path: '/enterprises/imports', body: l.StartImportBody, response: l.ImportJobResponse },
  getImport: { method: 'GET', path: '/enterprises/imports/{id}', params: l.EnterpriseIdParams, response: l.ImportJobResponse },
  exportEnterprises: { method: 'POST', path: '/enterprises/export', body: l.ExportEnterprisesBody, response: l.FileUrlResponse },

  listRedLines: { method: 'GET', path: '/red-lines', query: l.ListRedLinesQuery, response: l.RedLinesResponse },
  createRedLine: { method: 'POST', path: '/red-lines', body: l.CreateRedLineBody, response: l.RedLineResponse },
  updateRedLine: {
    method: 'PUT',
    path: '/red-lines/{id}',
    params: l.EnterpriseIdParams,
    body: l.UpdateRedLineBody,
    response: l.RedLineResponse,
  },

  createHazardPhotoUpload: { method: 'POST', path: '/hazard-photos', body: h.CreateHazardPhotoUploadBody, response: l.UploadResponse },
  reportHazard: { method: 'POST', path: '/hazards', body: h.ReportHazardBody, response: h.HazardResponse },
  listMyHazards: { method: 'GET', path: '/me/hazards', query: h.PageQuery, response: h.HazardsResponse },
  hazardQueue: { method: 'GET', path: '/hazards/queue', query: h.HazardQueueQuery, response: h.HazardQueueResponse },
  listHazards: { method: 'GET', path: '/hazards', query: h.ListHazardsQuery, response: h.HazardsResponse },
  exportHazards: { method: 'POST', path: '/hazards/export', body: lg.ExportHazardsBody, response: l.FileUrlResponse },
  getHazard: { method: 'GET', path: '/hazards/{id}', params: h.HazardIdParams, response: h.HazardResponse },
  moveHazard: { method: 'POST', path: '/hazards/{id}/moves', params: h.HazardIdParams, body: h.MoveHazardBody, response: h.HazardResponse },
  getLetterPdf: { method: 'GET', path: '/letters/{id}/pdf', params: h.LetterIdParams, response: l.FileUrlResponse },
  getEscalationRules: { method: 'GET', path: '/escalation-rules', query: h.EscalationRulesQuery, response: h.EscalationRulesResponse },
  setEscalationRules: { method: 'PUT', path: '/escalation-rules', body: h.SetEscalationRulesBody, response: h.EscalationRulesResponse },
  locateArea: { method: 'GET', path: '/areas/locate', query: h.LocateQuery, response: h.LocateResponse },
  nearbyEnterprises: { method: 'GET', path: '/enterprises/nearby', query: h.NearbyEnterprisesQuery, response: h.NearbyEnterprisesResponse },
  listCommitmentTemplates: { method: 'GET', path: '/commitment-templates', query: c.TemplatesQuery, response: c.TemplatesResponse },
  publishCommitmentTemplate: { method: 'POST', path: '/commitment-templates', body: c.PublishTemplateBody, response: c.TemplateResponse },
  enterpriseCommitments: { method: 'GET', path: '/enterprises/{id}/commitments', params: l.EnterpriseIdParams, response: c.EnterpriseCommitmentsResponse },
  createSignatureUpload: { method: 'POST', path: '/signature-uploads', body: c.CreateSignatureUploadBody, response: l.UploadResponse },
  signCommitment: { method: 'POST', path: '/enterprises/{id}/commitments', params: l.EnterpriseIdParams, body: c.SignCommitmentBody, response: c.SignedResponse },
  getCommitment: { method: 'GET', path: '/enterprises/{id}/commitments/{key}', params: c.CommitmentParams, response: c.SignedResponse },
  verifyCommitment: {
    method: 'GET',
    path: '/enterprises/{id}/commitments/{key}/verify',
    params: c.CommitmentParams,
    query: c.VerifyQuery,
    response: c.VerifyResponse,
    anonymous: true,
  },
  commitmentPdf: { method: 'GET', path: '/enterprises/{id}/commitments/{key}/pdf', params: c.CommitmentParams, response: l.FileUrlResponse },
  unsignedCommitments: { method: 'GET', path: '/commitments/unsigned', query: c.UnsignedQuery, response: c.UnsignedResponse },
  remindCommitment: { method: 'POST', path: '/enterprises/{id}/commitment-reminders', params: l.EnterpriseIdParams, response: c.RemindResponse },
  commitmentRates: { method: 'GET', path: '/commitments/rates', query: c.RatesQuery, response: c.RatesResponse },
  listCommitments: { method: 'GET', path: '/commitments', query: lg.ListCommitmentsQuery, response: lg.CommitmentsResponse },
  exportCommitments: { method: 'POST', path: '/commitments/export', body: lg.ExportCommitmentsBody, response: l.FileUrlResponse },
  getRewardRules: { method: 'GET', path: '/reward-rules', query: r.RewardRulesQuery, response: r.RewardRulesResponse },
  setRewardRules: { method: 'PUT', path: '/reward-rules', body: r.SetRewardRulesBody, response: r.RewardRulesResponse },
  listMyRewards: { method: 'GET', path: '/me/rewards', query: h.PageQuery, response: r.MyRewardsResponse },
  myData: { method: 'GET', path: '/me/data', response: md.MyDataResponse },
  subscribeNotices: { method: 'POST', path: '/me/subscriptions', body: nt.SubscribeNoticesBody, response: nt.NoticesResponse },
  myCounts: { method: 'GET', path: '/me/counts', response: nt.MyCountsResponse },
  rewardReceipt: { method: 'POST', path: '/me/rewards/{id}/receipt', params: r.RewardIdParams, response: r.ReceiptResponse },
  listRewards: { method: 'GET', path: '/rewards', query: r.ListRewardsQuery, response: r.RewardsResponse },
  getReward: { method: 'GET', path: '/rewards/{id}', params: r.RewardIdParams, response: r.RewardResponse },
  reviewReward: { method: 'POST', path: '/rewards/{id}/review', params: r.RewardIdParams, body: r.ReviewRewardBody, response: r.RewardResponse },
  payReward: { method: 'POST', path: '/rewards/{id}/pay', params: r.RewardIdParams, body: r.PayRewardBody, response: r.RewardResponse },
  syncRewardPayment: { method: 'POST', path: '/rewards/{id}/payment-status', params: r.RewardIdParams, response: r.RewardResponse },
  reverseReward: { method: 'POST', path: '/rewards/{id}/reverse', params: r.RewardIdParams, body: r.ReverseRewardBody, response: r.RewardResponse },
  listPayouts: { method: 'GET', path: '/payouts', query: r.PayoutsQuery, response: r.PayoutsResponse },
  exportPayouts: { method: 'POST', path: '/payouts/export', body: r.PayoutsQuery, response: l.FileUrlResponse },
  exportRewards: { method: 'POST', path: '/rewards/export', body: lg.ExportRewardsBody, response: l.FileUrlResponse },
  transferNotice: { method: 'POST', path: '/wechat/transfer-notices', body: r.TransferNoticeBody, response: r.TransferNoticeResponse, anonymous: true },
  listCheckTemplates: { method: 'GET', path: '/check-templates', query: ck.CheckTemplatesQuery, response: ck.CheckTemplatesResponse },
  publishCheckTemplate: { method: 'POST', path: '/check-templates', body: ck.CheckTemplateBody, response: ck.CheckTemplateResponse },
  submitCheck: { method: 'POST', path: '/checks', body: ck.SubmitCheckBody, response: ck.CheckResponse },
  getCheck: { method: 'GET', path: '/checks/{id}', params: ck.CheckIdParams, response: ck.CheckResponse },
  checkPdf: { method: 'GET', path: '/checks/{id}/pdf', params: ck.CheckIdParams, response: l.FileUrlResponse },
  enterpriseChecks: { method: 'GET', path: '/enterprises/{id}/checks', params: l.EnterpriseIdParams, response: ck.EnterpriseChecksResponse },
  owedVisits: { method: 'GET', path: '/checks/owed', query: ck.OwedVisitsQuery, response: ck.OwedVisitsResponse },
  checkCoverage: { method: 'GET', path: '/checks/coverage', query: ck.CoverageQuery, response: ck.CoverageResponse },
  listChecks: { method: 'GET', path: '/checks', query: lg.ListChecksQuery, response: lg.ChecksResponse },
  exportChecks: { method: 'POST', path: '/checks/export', body: lg.ExportChecksBody, response: l.FileUrlResponse },
  dashboard: { method: 'GET', path: '/dashboard', query: db.DashboardQuery, response: db.DashboardResponse },
  generateBulletin: { method: 'POST', path: '/bulletins', body: bl.GenerateBulletinBody, response: bl.BulletinResponse },
  listBulletins: { method: 'GET', path: '/bulletins', query: bl.ListBulletinsQuery, response: bl.BulletinsResponse },
  getBulletin: { method: 'GET', path: '/bulletins/{id}', params: bl.BulletinIdParams, response: bl.BulletinResponse },
  publishBulletin: { method: 'POST', path: '/bulletins/{id}/publish', params: bl.BulletinIdParams, response: bl.BulletinResponse },
  bulletinFiles: { method: 'GET', path: '/bulletins/{id}/files', params: bl.BulletinIdParams, response: bl.BulletinFilesResponse },
  mapPoints: { method: 'GET', path: '/map', query: mp.MapQuery, response: mp.MapResponse },
  getCheckRules: { method: 'GET', path: '/check-rules', query: ck.CheckRulesQuery, response: ck.CheckRulesResponse },
  setCheckRules: { method: 'PUT', path: '/check-rules', body: ck.SetCheckRulesBody, response: ck.CheckRulesResponse },
  getAssessmentWeights: { method: 'GET', path: '/assessment-weights', query: am.AssessmentWeightsQuery, response: am.AssessmentWeightsResponse },
  setAssessmentWeights: { method: 'PUT', path: '/assessment-weights', body: am.SetAssessmentWeightsBody, response: am.AssessmentWeightsResponse },
  listAssessments: { method: 'GET', path: '/assessments', query: am.AssessmentsQuery, response: am.AssessmentsResponse },
  wechatEvents: {
    method: 'POST',
    path: '/wechat/events',
    query: h.WechatEventQuery,
    body: h.WechatEventBody,
    response: h.WechatEventResponse,
    anonymous: true,
  },
} as const satisfies Record<string, RouteContract>;

export type Api = typeof api;
export type RouteName = keyof Api;
type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
export type BodyOf<R extends RouteName> = Infer<Api[R] extends { body: infer B } ? B : undefined>;
export type QueryOf<R extends RouteName> = Infer<Api[R] extends { query: infer Q } ? Q : undefined>;
export type ParamsOf<R extends RouteName> = Infer<Api[R] extends { params: infer P } ? P : undefined>;
export type ResponseOf<R extends RouteName> = z.infer<Api[R]['response']>;
