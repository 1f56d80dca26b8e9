import 'aws-sdk-client-mock-jest';
import { checkSupertestAnswersAgainstContract } from './supertest-contract';

checkSupertestAnswersAgainstContract(expect.getState().testPath ?? '');
