import { createEmbeddedDataSources } from '../../datasources/embedded';
import { describeDataSourceContract } from './contract';

describeDataSourceContract('embedded', async () => ({ data: createEmbeddedDataSources() }));
