import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.native/**', '.cache/**', 'bin/**', '**/*.cjs', 'src/shared/filter/filterGrammar.generated.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Only src/main/electron/ipcMainTransport.ts and src/preload may touch Electron IPC.',
            },
          ],
        },
      ],
    },
  },
  {
    // The two thin transports are the only homes of Electron IPC.
    files: ['src/main/electron/ipcMainTransport.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
