import {Args, Command, Flags, loadHelpClass} from '@oclif/core'

/** `meshscope help [COMMAND]`: oclif's help, served from the bundled @oclif/core (see src/main.ts). */
export default class Help extends Command {
  static override summary = 'Display help for meshscope'
  static override args = {
    command: Args.string({description: 'Command to show help for.', required: false}),
  }
  static override flags = {
    'nested-commands': Flags.boolean({char: 'n', description: 'Include all nested commands in the output.'}),
  }
  static override strict = false

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Help)
    const HelpClass = await loadHelpClass(this.config)
    await new HelpClass(this.config, {all: flags['nested-commands']}).showHelp(argv as string[])
  }
}
