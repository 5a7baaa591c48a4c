import type { AreaLevel, EnterpriseKind, EnterpriseStatus, GridworkerLevel, Industry, RiskClass, SpecialTag } from './enums';
import type { Grant } from './scope';
import type { BBox, Boundary } from './boundaries';

/** A node of the area tree; its id is its path. */
export interface Area {
  path: string;
  code: string;
  name: string;
  level: AreaLevel;
  parent?: string;
  /** Grids and micro-grids: the one gridworker responsible (一格有专人). */
  gridworkerId?: string;
  /** A point inside the area (GCJ-02), for labels and map centres; derived from the boundary when it is set. */
  lng?: number;
  lat?: number;
  /** GeoJSON Polygon or MultiPolygon, lng/lat in GCJ-02: where the area is. A point is located by it. */
  boundary?: Boundary;
  /** The boundary's [west, south, east, north], kept with it to skip far areas quickly. */
  bbox?: BBox;
  /** Set when an admin deactivates the area: not offered for new records, skipped when locating. */
  deactivatedAt?: string;
}

/** Public users hold no area; they are listed under this pseudo-area, outside every district. */
export const PUBLIC_HOME = 'public';

export interface User {
  id: string;
  name: string;
  /** Full number; only masked copies leave the API except to the user themself. */
  phone?: string;
  /** WeChat openid, once the user has signed in through WeChat. */
  openid?: string;
  grants: Grant[];
  gridworkerLevel?: GridworkerLevel;
  /** Area the user is listed under for management (the area of their main grant). */
  homeArea: string;
  /** Set when an admin deactivates the account: its sessions stop working. */
  deactivatedAt?: string;
  /** Set on a retired account whose WeChat identity moved to this one (a rebind invitation). */
  mergedInto?: string;
}

export interface Contact {
  name: string;
  phone: string;
  title?: string;
}

/** A business unit on the ledger (一企一档). */
export interface Enterprise {
  id: string;
  uscc?: string;
  name: string;
  kind: EnterpriseKind;
  address: string;
  lng: number;
  lat: number;
  /** Grid or micro-grid path. */
  area: string;
  industry: Industry;
  riskClass: RiskClass;
  tags: SpecialTag[];
  status: EnterpriseStatus;
  legalRepresentative: string;
  safetyManager?: Contact;
  contacts: Contact[];
  employees: number;
  guaranteeLeaderId?: string;
  /** Photos of the premises and licences (keys in storage). */
  photos?: { key: string; kind: '门头照片' | '营业执照' | '其他' }[];
  /** Bumped by every change; an edit names the version it started from. */
  version: number;
  /** Last monthly update (月度更新): a change or an on-site check by a gridworker or supervisor. */
  verifiedAt: string;
}

export interface RedLine {
  id: string;
  area: string;
  title: string;
  factors: string[];
  enterpriseIds: string[];
  ownerName: string;
  ownerPhone?: string;
  measures: string[];
  version: number;
}
