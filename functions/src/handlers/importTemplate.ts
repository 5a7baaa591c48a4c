import { route } from '../lib/http';
import { IMPORTERS, importTemplate } from '../usecases/census';

export const handler = route('importTemplate', { roles: IMPORTERS }, 'public', ({ deps }) => importTemplate(deps));
